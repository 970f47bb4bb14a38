package org.hypergrid.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Who is online where: sessions of agents in our regions, and local users travelling on other
 * grids (with the token their home grid gave them).
 */
@VertxGen
@ProxyGen
public interface PresenceService {

  String ADDRESS = "hg.service.presence";

  static PresenceService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, PresenceService.class);
  }

  /** Records (or moves) a session into a region. */
  Future<Void> reportAgent(String userId, String sessionId, String regionId);

  /** Ends a session; true when it existed. */
  Future<Boolean> logoutAgent(String sessionId);

  /** Ends every session in a region (a region that starts has no agents yet). */
  Future<Integer> logoutRegion(String regionId);

  /** Sessions of any of these users that are in a region, in one query. */
  Future<List<PresenceInfo>> getAgents(List<String> userIds);

  /** A local user left for another grid (or moved on); replaces their earlier travel. */
  Future<Void> reportTravel(TravelInfo travel);

  /** A local user came home or logged out on the other grid. */
  Future<Void> endTravel(String userId);

  /** Everywhere these users are online, here (sessions in a region) or travelling, in one query. */
  Future<List<PresenceInfo>> locate(List<String> userIds);

  /** True when this session and token belong to a travelling {@code userId}. */
  Future<Boolean> verifyAgent(String userId, String sessionId, String token);
}
