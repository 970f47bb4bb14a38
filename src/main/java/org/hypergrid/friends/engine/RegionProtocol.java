package org.hypergrid.friends.engine;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Addresses and events of regions and agents on the event bus. A region is reached through
 * {@link org.hypergrid.friends.api.RegionService}; each agent's client channel is {@link #agentAddress},
 * on the node that hosts the agent's region (as a viewer is connected to its region's simulator).
 */
public final class RegionProtocol {

  /** Event types on an agent's client channel. */
  public static final String FRIEND_STATUS = "friend-status";
  public static final String FRIENDS_ONLINE = "friends-online";
  public static final String FRIENDSHIP_OFFERED = "friendship-offered";

  /** Every login and logout (and agents lost with a node), for observers (the browser bridge), through {@link ObserverFeed}. */
  public static final String AGENT_EVENTS = "hg.events.agents";
  /** Every status notification a region delivers, for observers, through {@link ObserverFeed}. */
  public static final String STATUS_EVENTS = "hg.events.status";

  /**
   * How an agent's channel is published: on this node only. A clustered publish to an address
   * nobody listens on asks Hazelcast for its subscribers every time (the event bus caches only
   * addresses that have some): 64 µs of processor time each, against 3.2 µs here
   * (bench/cluster-publish.sh), and a login tells a dozen friends.
   */
  static final DeliveryOptions ON_THIS_NODE = new DeliveryOptions().setLocalOnly(true);

  private RegionProtocol() {
  }

  public static String agentAddress(String agentId) {
    return "hg.agent." + agentId;
  }

  /**
   * For observers: a friend's status was delivered in {@code regions} region(s) (named by the
   * first of them), reaching {@code reached} agents.
   */
  static void publishStatus(ObserverFeed observers, String regionId, String regionName, int regions, String fromId,
                            boolean online, int reached) {
    observers.publish(STATUS_EVENTS, new JsonObject().put("regionId", regionId).put("region", regionName)
      .put("regions", regions).put("fromId", fromId).put("online", online).put("reached", reached)
      .put("at", Instant.now().toString()));
  }

  public static JsonObject friendStatus(String friendId, boolean online) {
    return new JsonObject().put("type", FRIEND_STATUS).put("friendId", friendId).put("online", online)
      .put("at", Instant.now().toString());
  }
}
