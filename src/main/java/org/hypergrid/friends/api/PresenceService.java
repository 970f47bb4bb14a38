package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import org.hypergrid.runtime.ServiceProxies;

import java.util.List;

/**
 * Who is online where: sessions of agents in our regions (recorded by the regions that own them,
 * read from this node's in-memory view), and local users travelling on other grids (with the
 * token their home grid gave them; kept in PostgreSQL and in memory).
 */
@VertxGen
@ProxyGen
public interface PresenceService {

  String ADDRESS = "hg.service.presence";

  static PresenceService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, PresenceService.class, ServiceProxies.DEFAULT_TIMEOUT_MS);
  }

  /** Sessions of any of these users in our regions; answered from memory. */
  Future<List<PresenceInfo>> getAgents(List<String> userIds);

  /** A local user left for another grid (or moved on); replaces their earlier travel. */
  Future<Void> reportTravel(TravelInfo travel);

  /** A local user came home or logged out on the other grid. */
  Future<Void> endTravel(String userId);

  /** Everywhere these users are online, here (sessions in a region) or travelling; answered from memory. */
  Future<List<PresenceInfo>> locate(List<String> userIds);

  /** True when this session and token belong to a travelling {@code userId}. */
  Future<Boolean> verifyAgent(String userId, String sessionId, String token);

  // --- OpenSim's presence, for the login service and simulators

  /**
   * The login service opened a session (OpenSim's LoginAgent): online, in no region yet. It
   * ends, and friends are told, unless a region reports it within {@code presence.unplacedSeconds}.
   * {@code userId} is a UUID, or a visitor's universal user identifier.
   */
  Future<Void> openSession(String userId, String sessionId, String secureSessionId);

  /**
   * A region reports the session's agent (OpenSim's ReportAgent): the session is in that region
   * from now on; from another region it moves (a teleport: one session, never two). 404 when
   * the session is unknown or the region not served.
   */
  Future<Void> placeSession(String sessionId, String regionId);

  /** The session ends (OpenSim's LogoutAgent); false when there was none. */
  Future<Boolean> closeSession(String sessionId);

  /** Every session in the region ends and their friends are told (OpenSim's LogoutRegionAgents). */
  Future<Void> closeRegion(String regionId);

  /** The session's user and region (the zero UUID when in no region yet); 404 when there is none. */
  Future<PresenceInfo> getSession(String sessionId);

  /**
   * Serves a simulator's region on one node, reached over this service's event bus, that serves
   * simulators' regions: sessions are placed in regions over that bus, so the region must be
   * where presence can reach it. Registered but not served (logged) when no node takes it.
   */
  Future<Void> serveSimulatorRegion(SimulatorRegion region);

  /** A simulator's region left: whichever node serves it lets it go. */
  Future<Void> releaseSimulatorRegion(String regionId);

  /**
   * Keeps the journal of the sessions nodes hold: {@code started} items are
   * {@code {agent, session, node}}, {@code ended} items {@code {agent, session}}; an ended item
   * removes only the session it names.
   */
  Future<Void> journalSessions(JsonArray started, JsonArray ended);

  /**
   * Takes, for {@code taker} to tell their friends, the journal's sessions of every node not in
   * {@code liveNodes} (nodes that died unseen); the agents. Each is taken once.
   */
  Future<List<String>> takeUnendedSessions(List<String> liveNodes, String taker);

  /** The friends of these agents, taken by {@code taker}, were told: their journal entries go. */
  Future<Void> forgetSessions(List<String> agentIds, String taker);
}
