package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.runtime.ServiceProxies;

import java.util.List;

/**
 * One region of this grid, at its own event-bus address wherever in the cluster it runs. The
 * region owns the presence of the agents it hosts: a login here ends the agent's session anywhere
 * else on the grid, a logout (or the region stopping) ends it and tells the agent's friends.
 */
@VertxGen
@ProxyGen
public interface RegionService {

  @GenIgnore
  static String address(String regionId) {
    return "hg.region." + regionId.toLowerCase();
  }

  /** A proxy to the region, each call bounded by {@code timeoutMs}. */
  @GenIgnore
  static RegionService createProxy(Vertx vertx, String regionId, long timeoutMs) {
    return ServiceProxies.create(vertx, address(regionId), RegionService.class, timeoutMs);
  }

  /**
   * Logs an agent in ({@code sessionId} may be null: one is made; {@code homeUri} names a
   * visitor's home grid, null for our own users); answers regionId, agentId, sessionId and the
   * agent's client address.
   */
  Future<JsonObject> login(String agentId, String sessionId, String homeUri);

  /** Logs a hosted agent out and tells its friends; fails with 404 when the agent is not here. */
  Future<Void> logout(String agentId);

  /**
   * Ends this session of the agent without telling friends, because the agent logged in again
   * elsewhere; true when the session was here.
   */
  Future<Boolean> endSession(String agentId, String sessionId);

  /**
   * The agent's session moved to another region (a teleport): it leaves here without ending and
   * without telling friends; true when it was here.
   */
  Future<Boolean> moveOut(String agentId, String sessionId);

  /** Every agent here logs out and their friends are told (the simulator's region went away); how many. */
  Future<Integer> logoutEveryone();

  /** A friend's status changed: every hosted agent among {@code toIds} hears it; how many did. */
  Future<Integer> deliverStatus(String fromId, List<String> toIds, boolean online);

  /** Hands an event to a hosted agent's client; false when the agent is not here. */
  Future<Boolean> deliver(String agentId, JsonObject event);

  /** The agents hosted here. */
  Future<List<String>> agents();
}
