package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One region: its only state is the agents it hosts, and it owns their presence. It runs on the
 * event loop of the shard that hosts it, bound at its own address; it has no thread or pool of
 * its own, so one node hosts tens of thousands.
 */
final class Region implements RegionService {

  private static final Logger LOG = LoggerFactory.getLogger(Region.class);

  private final RegionInfo info;
  private final RegionContext context;
  /** agent id → session id of the agents hosted here. */
  private final Map<UUID, UUID> agents = new ConcurrentHashMap<>();

  Region(RegionInfo info, RegionContext context) {
    this.info = info;
    this.context = context;
  }

  RegionInfo info() {
    return info;
  }

  int agentCount() {
    return agents.size();
  }

  /** The agents hosted here now. */
  List<String> agentIds() {
    return agents.keySet().stream().map(UUID::toString).toList();
  }

  @Override
  public Future<JsonObject> login(String agentId, String sessionId, String homeUri) {
    if (!Uuids.isUuid(agentId) || (sessionId != null && !Uuids.isUuid(sessionId))) {
      return ServiceErrors.badInput("login needs a UUID agentId (and sessionId when given)");
    }
    if (homeUri != null && (homeUri.length() > 255 || !homeUri.matches("(?i)https?://[^\\s/]+(/\\S*)?"))) {
      return ServiceErrors.badInput("homeUri must be an http(s) URL of at most 255 characters");
    }
    String home = homeUri == null ? null : Uui.normalizeHome(homeUri);
    UUID agent = UUID.fromString(agentId);
    UUID session = sessionId == null ? UUID.randomUUID() : UUID.fromString(sessionId);
    return endEarlierSession(agent, session)
      .compose(v -> context.endTravel(agent.toString()))
      .recover(e -> {
        LOG.warn("login of {} in {} refused: travel not ended: {}", agent, info.getName(), e.getMessage());
        return ServiceErrors.unavailable("presence not recorded: " + e.getMessage());
      })
      .map(v -> {
        agents.put(agent, session);
        PresenceView.Session recorded = context.view().record(agent, session, info.getRegionId(), home);
        announce("login", agent);
        if (tellsFriendsOfItsOwnChanges()) {
          context.notifier().agentChanged(agent.toString(), true, event -> deliverHere(agent.toString(), event));
        }
        return new JsonObject().put("regionId", info.getRegionId()).put("agentId", agent.toString())
          .put("sessionId", session.toString()).put("agentAddress", RegionProtocol.agentAddress(agent.toString()))
          .put("homeUri", home).put("nodeId", recorded.nodeId()).put("loginAt", recorded.loginAt());
      });
  }

  /**
   * A region backed by a simulator leaves telling friends of its agents' logins and logouts to
   * the simulator (OpenSim's do), unless the grid says otherwise; our own regions always tell.
   */
  private boolean tellsFriendsOfItsOwnChanges() {
    return info.getServerUri() == null || context.simulatorChanges();
  }

  /**
   * One presence per agent per grid: the agent's session anywhere else ends first. The same
   * session arriving from another region is a teleport: it moves, and nothing ends; a session
   * in no region yet (logged in, not reported) is simply taken over.
   */
  private Future<Void> endEarlierSession(UUID agent, UUID session) {
    PresenceView.Session earlier = context.view().find(agent);
    if (earlier == null || earlier.regionId().equals(PresenceView.NO_REGION)) {
      return Future.succeededFuture();
    }
    if (earlier.regionId().equals(info.getRegionId())) {
      agents.remove(agent, earlier.sessionId());
      return Future.succeededFuture();
    }
    if (earlier.sessionId().equals(session)) {
      return context.region(earlier.regionId()).moveOut(agent.toString(), session.toString())
        .otherwise(false).mapEmpty();
    }
    return context.region(earlier.regionId()).endSession(agent.toString(), earlier.sessionId().toString())
      // The later login wins on every node anyway; a silent old region cannot hold this one up.
      .otherwise(e -> {
        LOG.info("earlier session of {} in region {} not ended ({}); the new login supersedes it", agent,
          earlier.regionId(), e.getMessage());
        return false;
      })
      .mapEmpty();
  }

  @Override
  public Future<Void> logout(String agentId) {
    UUID agent = Uuids.isUuid(agentId) ? UUID.fromString(agentId) : null;
    UUID session = agent == null ? null : agents.remove(agent);
    if (session == null) {
      return ServiceErrors.notFound("agent " + agentId + " is not in " + info.getName());
    }
    context.view().end(agent, session);
    announce("logout", agent);
    if (tellsFriendsOfItsOwnChanges()) {
      context.notifier().agentChanged(agent.toString(), false, event -> { });
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> moveOut(String agentId, String sessionId) {
    if (!Uuids.isUuid(agentId) || !Uuids.isUuid(sessionId)) {
      return ServiceErrors.badInput("moveOut needs UUIDs");
    }
    UUID agent = UUID.fromString(agentId);
    boolean moved = agents.remove(agent, UUID.fromString(sessionId));
    if (moved) {
      announce("moved", agent);
    }
    return Future.succeededFuture(moved);
  }

  @Override
  public Future<Integer> logoutEveryone() {
    int here = agents.size();
    return logoutAll().map(here);
  }

  @Override
  public Future<Boolean> endSession(String agentId, String sessionId) {
    if (!Uuids.isUuid(agentId) || !Uuids.isUuid(sessionId)) {
      return ServiceErrors.badInput("endSession needs UUIDs");
    }
    UUID agent = UUID.fromString(agentId);
    UUID session = UUID.fromString(sessionId);
    if (!agents.remove(agent, session)) {
      return Future.succeededFuture(false);
    }
    context.view().end(agent, session);
    announce("superseded", agent);
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Integer> deliverStatus(String fromId, List<String> toIds, boolean online) {
    int reached = tell(RegionProtocol.friendStatus(fromId, online), toIds);
    RegionProtocol.publishStatus(context.observers(), info.getRegionId(), info.getName(), 1, fromId, online, reached);
    return Future.succeededFuture(reached);
  }

  /**
   * Hands a friend's status event to the agents hosted here among {@code toIds}; how many were
   * here. One event for all (and for all regions of a node): a local publish hands each consumer
   * its own copy.
   */
  int tell(JsonObject event, Iterable<?> toIds) {
    int reached = 0;
    for (Object toId : toIds) {
      if (toId instanceof String agentId && deliverHere(agentId, event)) {
        reached++;
      }
    }
    return reached;
  }

  @Override
  public Future<Boolean> deliver(String agentId, JsonObject event) {
    return Future.succeededFuture(deliverHere(agentId, event));
  }

  private boolean deliverHere(String agentId, JsonObject event) {
    if (!Uuids.isUuid(agentId) || event == null || !agents.containsKey(UUID.fromString(agentId))) {
      return false;
    }
    context.vertx().eventBus().publish(RegionProtocol.agentAddress(agentId.toLowerCase()), event,
      RegionProtocol.ON_THIS_NODE);
    // The agent's viewer is connected to the simulator: it hears a friend's status from there.
    if (info.getServerUri() != null && RegionProtocol.FRIEND_STATUS.equals(event.getString("type"))) {
      context.simulators().status(info.getServerUri(), event.getString("friendId"), agentId.toLowerCase(),
        event.getBoolean("online", false));
    }
    return true;
  }

  @Override
  public Future<List<String>> agents() {
    return Future.succeededFuture(agentIds());
  }

  /**
   * The region stops, or its simulator says its agents are gone: every agent here logs out and
   * its friends are told (no simulator will); completes when all notifications are done or have
   * failed (the caller bounds the wait).
   */
  Future<Void> logoutAll() {
    List<Future<List<String>>> told = new ArrayList<>();
    for (Map.Entry<UUID, UUID> entry : List.copyOf(agents.entrySet())) {
      if (agents.remove(entry.getKey(), entry.getValue())) {
        context.view().end(entry.getKey(), entry.getValue());
        announce("logout", entry.getKey());
        told.add(context.notifier().agentChanged(entry.getKey().toString(), false, event -> { }));
      }
    }
    return Future.join(told).otherwiseEmpty().mapEmpty();
  }

  private void announce(String type, UUID agentId) {
    context.observers().publish(RegionProtocol.AGENT_EVENTS, new JsonObject().put("type", type)
      .put("agentId", agentId.toString()).put("regionId", info.getRegionId()).put("region", info.getName())
      .put("agents", agents.size()).put("at", Instant.now().toString()));
  }
}
