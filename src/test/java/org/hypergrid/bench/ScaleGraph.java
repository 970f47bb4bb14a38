package org.hypergrid.bench;

import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.Uui;

/**
 * The population of {@link ScaleBench}, the same in every process that computes it: {@code users}
 * of ours in {@code regions} regions, each with 12 friends here and 2 on each of 3 foreign grids of
 * {@code foreignUsers} users each. Every friendship is mutual and grants seeing online.
 * <p>
 * The storm agents (the first {@link #stormAgents()}) log out and back in during the storm, group
 * by group ({@code rate} agents a group). Their 12 local friends are agents who stay online the
 * whole time, so each of their changes must reach exactly 12 local friends and exactly 2 friends
 * on each foreign grid: anything else is a lost or a duplicated notification. The other agents'
 * friendships form a ring (each with the 6 nearest on either side), with one ring edge given up
 * for each storm agent's friendship so that everybody keeps exactly 12.
 */
record ScaleGraph(int users, int regions, int foreignUsers, int rate, int seconds) {

  static final int LOCAL_FRIENDS = 12;
  static final int GRIDS = 3;
  static final int FRIENDS_PER_GRID = 2;
  static final String OUR_PREFIX = "a0000000-0000-4000-8000-";

  ScaleGraph {
    int storm = (seconds + 1) * rate;
    if (LOCAL_FRIENDS * storm > users - storm || users - storm < 2 * LOCAL_FRIENDS + 1) {
      throw new IllegalArgumentException("too few users for the storm: " + users + " users, "
        + storm + " storm agents (at most 1/13 of the users)");
    }
  }

  static ScaleGraph of(JsonObject json) {
    return new ScaleGraph(json.getInteger("users"), json.getInteger("regions"), json.getInteger("foreignUsers"),
      json.getInteger("rate"), json.getInteger("seconds"));
  }

  JsonObject toJson() {
    return new JsonObject().put("users", users).put("regions", regions).put("foreignUsers", foreignUsers)
      .put("rate", rate).put("seconds", seconds);
  }

  /** Groups 0..seconds: group 0 logs out before the storm, group g logs in at second g and out at second g - 1. */
  int stormAgents() {
    return (seconds + 1) * rate;
  }

  private int ringSize() {
    return users - stormAgents();
  }

  static String user(int i) {
    return OUR_PREFIX + String.format("%012d", i);
  }

  /** The agent's index when it is one of ours in the storm, else -1 (cheap: called for every event). */
  int stormIndex(String agentId) {
    if (agentId == null || agentId.length() != 36 || !agentId.startsWith(OUR_PREFIX)) {
      return -1;
    }
    int i = Integer.parseInt(agentId, 24, 36, 10);
    return i < stormAgents() ? i : -1;
  }

  static String foreignUser(int grid, int f) {
    return String.format("f%07d-0000-4000-8000-%012d", grid, f);
  }

  static String region(int r) {
    return String.format("b0000000-0000-4000-8000-%012d", r);
  }

  /** The one region of foreign grid {@code grid}, where all its users are online. */
  static String foreignRegion(int grid) {
    return String.format("c0000000-0000-4000-8000-%012d", grid);
  }

  String regionOf(int agent) {
    return region(agent % regions);
  }

  /** A session of the agent; generation 0 brings it online, 1 is its login in the storm. */
  static String session(int agent, int generation) {
    return String.format("5e55%04x-0000-4000-8000-%012d", generation, agent);
  }

  static String secret(int agent, int grid, int k) {
    return String.format("%08x", (agent * 2_654_435_761L + grid * 97L + k) & 0xffff_ffffL);
  }

  /** The agent's 12 friends on this grid. */
  int[] localFriends(int agent) {
    int storm = stormAgents();
    int ring = ringSize();
    int[] friends = new int[LOCAL_FRIENDS];
    if (agent < storm) {
      for (int k = 0; k < LOCAL_FRIENDS; k++) {
        friends[k] = storm + LOCAL_FRIENDS * agent + k;
      }
      return friends;
    }
    int m = agent - storm;
    boolean paired = m < LOCAL_FRIENDS * storm;
    int n = 0;
    for (int offset = 1; offset <= LOCAL_FRIENDS / 2; offset++) {
      for (int sign = -1; sign <= 1; sign += 2) {
        int other = Math.floorMod(m + sign * offset, ring);
        boolean givenUp = paired && offset == 1 && other == (m % 2 == 0 ? m + 1 : m - 1);
        friends[n++] = givenUp ? m / LOCAL_FRIENDS : storm + other;
      }
    }
    return friends;
  }

  /** The foreign user on {@code grid} who is the agent's {@code k}th friend there. */
  int foreignFriend(int agent, int k) {
    return (int) ((FRIENDS_PER_GRID * (long) agent + k) % foreignUsers);
  }

  static String name(int agent) {
    return "User " + agent;
  }

  static String foreignName(int grid, int f) {
    return "Foreign" + grid + " " + f;
  }

  /** Our agent as a foreign grid stores it. */
  static String ourUui(int agent, String ourHome, int grid, int k) {
    return Uui.format(user(agent), ourHome, name(agent), secret(agent, grid, k));
  }

  /** A foreign grid's user as we store it, for the agent's {@code k}th friend there. */
  String foreignUui(int agent, int grid, int k, String gridHome) {
    int f = foreignFriend(agent, k);
    return Uui.format(foreignUser(grid, f), gridHome, foreignName(grid, f), secret(agent, grid, k));
  }
}
