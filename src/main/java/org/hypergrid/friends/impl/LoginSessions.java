package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.SimulatorRegion;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.friends.engine.ShardDeployer;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Sessions as OpenSim's login service and simulators drive them: opened by a login in no region,
 * placed by a region's report (the region owns it from then on), ended by a logout or by the
 * region's end. A session no region reports within {@code unplacedMs} is a login that never
 * arrived (a viewer that gave up, a simulator that refused it): it ends, and friends are told,
 * so nobody is left online who is not. A simulator's region is served on this bus, where
 * sessions can be placed in it.
 */
final class LoginSessions {

  private static final Logger LOG = LoggerFactory.getLogger(LoginSessions.class);

  private final Vertx vertx;
  private final PresenceView view;
  private final long unplacedMs;
  private final long regionTimeoutMs;
  private final Consumer<String> tellFriendsOffline;

  /** {@code tellFriendsOffline}: tells an agent's friends, here and on other grids, that the agent left. */
  LoginSessions(Vertx vertx, PresenceView view, long unplacedMs, long regionTimeoutMs,
                Consumer<String> tellFriendsOffline) {
    this.vertx = vertx;
    this.view = view;
    this.unplacedMs = unplacedMs;
    this.regionTimeoutMs = regionTimeoutMs;
    this.tellFriendsOffline = tellFriendsOffline;
  }

  Future<Void> open(String userId, String sessionId) {
    Optional<Uui> user = userId == null ? Optional.empty() : Uui.parse(userId);
    if (user.isEmpty() || !Uuids.isUuid(sessionId)) {
      return ServiceErrors.badInput("UserID must be a user and SessionID a UUID");
    }
    UUID agent = UUID.fromString(user.get().id());
    UUID session = UUID.fromString(sessionId);
    view.record(agent, session, PresenceView.NO_REGION, user.get().isForeign() ? user.get().homeUri() : null);
    vertx.setTimer(unplacedMs, t -> endIfUnplaced(agent, session));
    return Future.succeededFuture();
  }

  private void endIfUnplaced(UUID agent, UUID session) {
    PresenceView.Session now = view.find(agent);
    if (now != null && now.sessionId().equals(session) && now.regionId().equals(PresenceView.NO_REGION)) {
      view.end(agent, session);
      LOG.info("Session of {} ended: no region reported it within {} s of its login", agent, unplacedMs / 1000);
      tellFriendsOffline.accept(agent.toString());
    }
  }

  Future<Void> place(String sessionId, String regionId) {
    if (!Uuids.isUuid(sessionId) || !Uuids.isUuid(regionId)) {
      return ServiceErrors.badInput("SessionID and RegionID must be UUIDs");
    }
    PresenceView.Session session = view.findSession(UUID.fromString(sessionId));
    if (session == null) {
      return ServiceErrors.notFound("no session " + sessionId);
    }
    return region(regionId).login(session.agentId().toString(), sessionId, session.homeUri())
      .recover(e -> ServiceErrors.isNobodyThere(e) ? ServiceErrors.notFound("region " + regionId + " is not served")
        : Future.failedFuture(e))
      // The simulator asks getagents next: this node answers with the region from now on.
      .onSuccess(placed -> view.learn(session.agentId(), session.sessionId(), placed.getString("regionId"),
        placed.getString("nodeId"), placed.getLong("loginAt"), placed.getString("homeUri")))
      .mapEmpty();
  }

  Future<Boolean> close(String sessionId) {
    if (!Uuids.isUuid(sessionId)) {
      return ServiceErrors.badInput("SessionID must be a UUID");
    }
    PresenceView.Session session = view.findSession(UUID.fromString(sessionId));
    if (session == null) {
      return Future.succeededFuture(false);
    }
    if (session.regionId().equals(PresenceView.NO_REGION)) {
      view.end(session.agentId(), session.sessionId());
      return Future.succeededFuture(true);
    }
    return region(session.regionId()).logout(session.agentId().toString())
      // The region is gone or no longer has the agent: the session still ends.
      .recover(e -> {
        view.end(session.agentId(), session.sessionId());
        return Future.succeededFuture();
      })
      .map(true);
  }

  Future<Void> closeRegion(String regionId) {
    if (!Uuids.isUuid(regionId)) {
      return ServiceErrors.badInput("RegionID must be a UUID");
    }
    return region(regionId).logoutEveryone()
      // A region nobody serves has nobody in it: a simulator clearing its region at start-up.
      .recover(e -> ServiceErrors.isNobodyThere(e) ? Future.succeededFuture(0) : Future.failedFuture(e))
      .mapEmpty();
  }

  Future<PresenceInfo> get(String sessionId) {
    if (!Uuids.isUuid(sessionId)) {
      return ServiceErrors.badInput("SessionID must be a UUID");
    }
    PresenceView.Session session = view.findSession(UUID.fromString(sessionId));
    return session == null ? ServiceErrors.notFound("no session " + sessionId)
      : Future.succeededFuture(new PresenceInfo().setUserId(session.agentId().toString())
        .setSessionId(session.sessionId().toString()).setRegionId(session.regionId()).setNodeId(session.nodeId())
        .setHomeUri(session.homeUri()).lastSeenAt(session.loginAt()));
  }

  /** Hands a simulator's region to one node on this bus that serves simulators' regions. */
  Future<Void> serve(SimulatorRegion region) {
    if (!Uuids.isUuid(region.getRegionId()) || region.getName() == null || region.getServerUri() == null) {
      return ServiceErrors.badInput("a simulator's region needs its id, name and server URI");
    }
    JsonObject info = new RegionInfo().setRegionId(region.getRegionId()).setName(region.getName())
      .setLocX(region.getLocX() / SimulatorRegion.CELL).setLocY(region.getLocY() / SimulatorRegion.CELL)
      .setServerUri(region.getServerUri()).toJson();
    return vertx.eventBus().request(ShardDeployer.SERVE_SIMULATOR, info,
        new DeliveryOptions().setSendTimeout(regionTimeoutMs))
      .<Void>mapEmpty()
      .recover(e -> {
        LOG.warn("Region {} of simulator {} is registered but not served: {}", region.getName(), region.getServerUri(),
          e.getMessage());
        return Future.succeededFuture();
      });
  }

  /** Every node on this bus hears that a simulator's region left; the one serving it lets it go. */
  Future<Void> release(String regionId) {
    if (!Uuids.isUuid(regionId)) {
      return ServiceErrors.badInput("regionId must be a UUID");
    }
    vertx.eventBus().publish(ShardDeployer.RELEASE_SIMULATOR, regionId.toLowerCase());
    return Future.succeededFuture();
  }

  private RegionService region(String regionId) {
    return RegionService.createProxy(vertx, regionId, regionTimeoutMs);
  }
}
