package org.hypergrid.friends;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.monitor.NodeReports;
import org.hypergrid.friends.clients.HGFriendsRemotes;
import org.hypergrid.friends.clients.RegionConnector;
import org.hypergrid.friends.clients.UserAgentConnector;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.friends.engine.NodeDepartures;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.friends.engine.RegionHost;
import org.hypergrid.friends.engine.StatusFanout;
import org.hypergrid.friends.engine.StatusNotifier;
import org.hypergrid.runtime.FailureLimiter;
import org.hypergrid.friends.engine.GridMetrics;
import org.hypergrid.friends.impl.FriendshipCache;
import org.hypergrid.friends.impl.FriendshipInvalidation;

import java.time.Duration;
import java.util.List;

/**
 * What the friends family keeps per node, whichever of its services are local: the replicated
 * presence view, the friendship cache and its cluster-wide invalidation, the connectors to
 * regions, simulators and foreign grids, the fan-out and, once the services are resolved, the
 * notifier and the regions this node hosts.
 */
public final class FriendsNode {

  /** Remote addresses or foreign users remembered by each failed-verification limiter. */
  private static final int MAX_LIMITED_KEYS = 100_000;

  private final ModuleContext node;
  private final JsonObject config;
  private final GridMetrics stats;
  private final PresenceView view;
  private final FriendshipCache friendships;
  private final FriendshipInvalidation invalidation;
  private final RegionConnector regions;
  private final HGFriendsRemotes remoteGrids;
  private final UserAgentConnector userAgents;
  private final FailureLimiter failuresByAddress;
  private final FailureLimiter failuresByForeignUser;
  private Future<Void> ready;
  private StatusFanout fanout;
  private StatusNotifier notifier;
  private RegionHost regionHost;

  private FriendsNode(ModuleContext node) {
    this.node = node;
    this.config = node.config();
    this.stats = new GridMetrics(node.registry());
    this.view = new PresenceView(node.vertx(), node.nodeId());
    JsonObject timeouts = config.getJsonObject("timeouts");
    JsonObject breaker = config.getJsonObject("breaker");
    JsonObject out = config.getJsonObject("outbound");
    this.regions = new RegionConnector(node.outbound(), timeouts.getLong("regionMs"));
    this.remoteGrids = new HGFriendsRemotes(node.vertx(), node.outbound(), timeouts.getLong("foreignGridMs"),
      breaker.getInteger("maxFailures"), breaker.getLong("resetMs"), out.getInteger("maxGrids"), node.registry());
    this.userAgents = new UserAgentConnector(node.outbound(), timeouts.getLong("userAgentMs"));
    JsonObject failed = config.getJsonObject("limits").getJsonObject("failedVerifications");
    long windowMs = failed.getLong("windowSeconds") * 1000;
    this.failuresByAddress = new FailureLimiter(failed.getInteger("perAddress"), windowMs, MAX_LIMITED_KEYS);
    this.failuresByForeignUser = new FailureLimiter(failed.getInteger("perForeignUser"), windowMs, MAX_LIMITED_KEYS);
    JsonObject cache = config.getJsonObject("friendshipCache");
    // Over plain HTTP no invalidation reaches this node: verify against the store every time.
    boolean reachable = !"http".equals(config.getJsonObject("services").getJsonObject("friends", new JsonObject())
      .getString("via"));
    this.friendships = new FriendshipCache(reachable ? cache.getLong("maxEntries") : 0,
      Duration.ofSeconds(cache.getLong("ttlSeconds")));
    this.invalidation = new FriendshipInvalidation(node.vertx(), view.nodeId(), friendships);
  }

  /** The node's instance, created (not yet started) on first use. */
  public static FriendsNode of(ModuleContext node) {
    return node.shared(FriendsNode.class, () -> new FriendsNode(node));
  }

  /** Starts the presence view and the invalidation listener once; both stop with the node. */
  public synchronized Future<Void> ready() {
    if (ready == null) {
      node.onStop(invalidation::stop);
      node.onStop(view::stop);
      ready = view.start(RegionHost.liveNodeCount(node.vertx()) - 1).compose(v -> invalidation.start());
    }
    return ready;
  }

  /** With every service resolved: the fan-out, the notifier, departures, the region host and its reports. */
  Future<Void> startRegions() {
    PresenceService presence = node.service("presence", PresenceService.class);
    fanoutWith(presence);
    notifier = new StatusNotifier(node.vertx(), node.service("friends", FriendsService.class), presence,
      node.service("usermanagement", UserManagementService.class), remoteGrids, fanout,
      config.getJsonObject("notifier").getLong("coalesceMs"));
    NodeDepartures departures = new NodeDepartures(node.vertx(), view, notifier, fanout);
    departures.start();
    regionHost = new RegionHost(node.vertx(), view, presence, node.service("grid", GridService.class), notifier, config);
    node.vertx().registerVerticleFactory(regionHost);
    fanout.regionsServedHere(view.nodeId(), regionHost.regionsHere());
    NodeReports reports = new NodeReports(node.vertx(), config.getJsonObject("grid").getString("name"), regionHost,
      stats, remoteGrids);
    reports.start(config.getJsonObject("monitor").getLong("reportMs"));
    node.onStop(() -> {
      reports.stop();
      departures.stop();
      fanout.close();
      return Future.succeededFuture();
    });
    // Registered last, so it runs first: agents log out while the services still answer.
    node.onStop(() -> regionHost.stop().onComplete(done -> node.vertx().unregisterVerticleFactory(regionHost)));
    registerGauges();
    registerHealth();
    return Future.succeededFuture();
  }

  /** The fan-out to regions; the hgfriends service needs it before the notifier exists. */
  synchronized StatusFanout fanoutWith(PresenceService presence) {
    if (fanout == null) {
      JsonObject breaker = config.getJsonObject("breaker");
      fanout = new StatusFanout(node.vertx(), presence, regions, stats, config.getJsonObject("timeouts").getLong("regionMs"),
        breaker.getInteger("maxFailures"), breaker.getLong("resetMs"));
    }
    return fanout;
  }

  private void registerGauges() {
    Gauge.builder("hg.presence.agents", view, PresenceView::size).description("agents online in the grid")
      .register(node.registry());
    Gauge.builder("hg.regions.served", regionHost, host -> host.summary().getInteger("regions"))
      .description("regions served by this node").register(node.registry());
  }

  private void registerHealth() {
    node.healthCheck("regions", true, promise -> promise.complete(regionHost.isDeployed()
      ? Status.OK(regionHost.summary()) : Status.KO(new JsonObject().put("reason", "regions are still being deployed"))));
    node.healthCheck("circuits", true, promise -> {
      List<String> open = remoteGrids.openCircuits();
      promise.complete(Status.OK(new JsonObject().put("degraded", !open.isEmpty()).put("open", new JsonArray(open))));
    });
    node.healthCheck("presence", false, promise -> promise.complete(Status.OK(regionHost.summary())));
    node.healthCheck("foreign-grids", false, promise -> promise.complete(Status.OK(remoteGrids.circuitStates())));
  }

  public GridMetrics stats() {
    return stats;
  }

  public PresenceView view() {
    return view;
  }

  FriendshipCache friendships() {
    return friendships;
  }

  FriendshipInvalidation invalidation() {
    return invalidation;
  }

  HGFriendsRemotes remoteGrids() {
    return remoteGrids;
  }

  UserAgentConnector userAgents() {
    return userAgents;
  }

  FailureLimiter failuresByAddress() {
    return failuresByAddress;
  }

  FailureLimiter failuresByForeignUser() {
    return failuresByForeignUser;
  }

  RegionHost regionHost() {
    return regionHost;
  }
}
