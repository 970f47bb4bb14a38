package org.hypergrid.region;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What travels on the event bus to and from regions and agents. A region listens at
 * {@link #regionAddress}; each agent's client channel is {@link #agentAddress}.
 */
public final class RegionProtocol {

  /** Header naming what a message to a region asks for. */
  public static final String ACTION = "action";
  public static final String LOGIN = "login";
  public static final String LOGOUT = "logout";
  /** A friend's status changed: {fromId, toIds[], online} → number of agents reached. */
  public static final String STATUS = "status";
  /** Deliver an event to a hosted agent: {agentId, event} → true when hosted. */
  public static final String DELIVER = "deliver";

  /** Event types on an agent's client channel. */
  public static final String FRIEND_STATUS = "friend-status";
  public static final String FRIENDS_ONLINE = "friends-online";
  public static final String FRIENDSHIP_OFFERED = "friendship-offered";

  /** Published on every login and logout, for observers (the browser bridge). */
  public static final String AGENT_EVENTS = "hg.events.agents";
  /** Published on every status notification a region delivers, for observers. */
  public static final String STATUS_EVENTS = "hg.events.status";

  private RegionProtocol() {
  }

  public static String regionAddress(String regionId) {
    return "hg.region." + regionId;
  }

  public static String agentAddress(String agentId) {
    return "hg.agent." + agentId;
  }

  public static JsonObject friendStatus(String friendId, boolean online) {
    return new JsonObject().put("type", FRIEND_STATUS).put("friendId", friendId).put("online", online)
      .put("at", Instant.now().toString());
  }
}
