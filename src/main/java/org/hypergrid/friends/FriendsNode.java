package org.hypergrid.friends;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.GridUserService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.clients.HGFriendsRemotes;
import org.hypergrid.friends.clients.OfferValidator;
import org.hypergrid.friends.clients.RegionConnector;
import org.hypergrid.friends.clients.UserAgentConnector;
import org.hypergrid.friends.engine.GridMetrics;
import org.hypergrid.friends.engine.GridProblems;
import org.hypergrid.friends.engine.MemberLease;
import org.hypergrid.friends.engine.NodeDepartures;
import org.hypergrid.friends.engine.ObserverFeed;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.friends.engine.RegionDirectory;
import org.hypergrid.friends.engine.RegionHostSettings;
import org.hypergrid.friends.engine.SessionJournal;
import org.hypergrid.friends.engine.ShardDeployer;
import org.hypergrid.friends.engine.Simulators;
import org.hypergrid.friends.engine.StatusFanout;
import org.hypergrid.friends.engine.StatusNotifier;
import org.hypergrid.friends.impl.FriendshipCache;
import org.hypergrid.friends.impl.FriendshipInvalidation;
import org.hypergrid.friends.monitor.GridState;
import org.hypergrid.friends.monitor.NodeReports;
import org.hypergrid.runtime.BreakerRegistry;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.WindowLimiter;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NodeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the friends family keeps per node, whichever of its services are local: its settings, the
 * replicated presence view, the friendship cache and its cluster-wide invalidation, the
 * connectors to regions, simulators and foreign grids, the fan-out and, once the services are
 * resolved, the notifier and the regions this node hosts.
 */
public final class FriendsNode {

  private static final Logger LOG = LoggerFactory.getLogger(FriendsNode.class);

  /** Remote addresses or foreign users remembered by each failed-verification limiter. */
  private static final int MAX_LIMITED_KEYS = 100_000;
  /** Simulators whose circuit breakers are kept (the least recently used are forgotten). */
  private static final int MAX_SIMULATORS = 10_000;
  /** How often the sessions this node records and ends are written to the journal. */
  private static final long JOURNAL_FLUSH_MS = 100;

  private final ModuleContext node;
  private final FriendsSettings settings;
  private final GridMetrics metrics;
  private final PresenceView view;
  private final FriendshipCache friendships;
  private final FriendshipInvalidation invalidation;
  private final HGFriendsRemotes remoteGrids;
  private final UserAgentConnector userAgents;
  private final OfferValidator offerValidator;
  private final WindowLimiter failuresByAddress;
  private final WindowLimiter failuresByForeignUser;
  private Future<Void> ready;
  private StatusFanout fanout;
  private volatile ShardDeployer shards;
  private volatile MemberLease lease;
  private volatile GridState gridState;
  private volatile StatusNotifier notifier;

  private FriendsNode(ModuleContext node) {
    this.node = node;
    NodeSettings shared = node.settings();
    this.settings = FriendsSettings.read(node.config(), shared, new ArrayList<>());
    this.metrics = new GridMetrics(node.registry(), new GridProblems(node.vertx()));
    this.view = new PresenceView(node.vertx(), node.cluster(), settings.snapshotWaitMs(),
      settings.membership().digestMs(), settings.presenceBatchMs(), node.registry());
    NodeSettings.Breaker breaker = shared.breaker();
    this.remoteGrids = new HGFriendsRemotes(node.outbound(), shared.timeouts().foreignGridMs(),
      new BreakerRegistry(node.vertx(), node.registry(), HGFriendsRemotes.GRIDS, breaker.maxFailures(),
        breaker.resetMs(), shared.outbound().maxGrids()));
    this.userAgents = new UserAgentConnector(node.outbound(), shared.timeouts().userAgentMs());
    this.offerValidator = new OfferValidator(node.outboundOnce(), shared.timeouts().userAgentMs(),
      shared.timeouts().foreignGridMs());
    NodeSettings.Limits limits = shared.limits();
    this.failuresByAddress = new WindowLimiter(limits.failuresPerAddress(), limits.failureWindowMs(), MAX_LIMITED_KEYS);
    this.failuresByForeignUser = new WindowLimiter(limits.failuresPerForeignUser(), limits.failureWindowMs(),
      MAX_LIMITED_KEYS);
    // Over plain HTTP no invalidation reaches this node: verify against the store every time.
    boolean reachable = !"http".equals(node.config().getJsonObject("services").getJsonObject("friends",
      new JsonObject()).getString("via"));
    this.friendships = new FriendshipCache(reachable ? settings.friendshipCacheEntries() : 0,
      settings.friendshipCacheTtl());
    this.invalidation = new FriendshipInvalidation(node.vertx(), node.cluster(), settings.invalidationAckMs(),
      friendships);
  }

  /** The node's instance, created (not yet started) on first use. */
  public static FriendsNode of(ModuleContext node) {
    return node.shared(FriendsNode.class, () -> new FriendsNode(node));
  }

  /** Problems with the family's own sections, for the shell's list. */
  static void validate(JsonObject config, List<String> problems) {
    FriendsSettings.read(config, NodeSettings.read(config, new ArrayList<>()), problems);
  }

  /** Starts the presence view and the invalidation listener once; both stop with the node. */
  public synchronized Future<Void> ready() {
    if (ready == null) {
      node.onStop(invalidation::stop);
      node.onStop(view::stop);
      node.onStop(() -> {
        remoteGrids.close();
        return Future.succeededFuture();
      });
      ready = view.start(node.cluster().size() - 1).compose(v -> invalidation.start());
    }
    return ready;
  }

  /**
   * With every service resolved: the membership lease (once the cluster's view has merged), then
   * the fan-out, the notifier, departures, the region host and its reports.
   */
  Future<Void> startRegions() {
    GridService grid = node.service("grid", GridService.class);
    lease = new MemberLease(node.vertx(), grid, node.cluster(), settings.membership(), node::rejoinCluster,
      node.registry());
    view.epochSource(lease::epoch);
    node.onStop(() -> {
      lease.stop();
      return Future.succeededFuture();
    });
    return lease.start(settings.regionHost().servicesWaitMs()).compose(v -> startRegionHost(grid));
  }

  private Future<Void> startRegionHost(GridService grid) {
    PresenceService presence = node.service("presence", PresenceService.class);
    StatusFanout fanout = fanout();
    notifier = new StatusNotifier(node.vertx(), node.service("friends", FriendsService.class), view,
      node.service("usermanagement", UserManagementService.class), remoteGrids, fanout, metrics, settings.coalesceMs());
    ObserverFeed observers = new ObserverFeed(node.vertx());
    NodeDepartures departures = new NodeDepartures(node.vertx(), view, notifier, fanout, observers, presence, lease,
      settings.regionHost().servicesWaitMs(), settings.membership().heartbeatTimeoutMs() + 1000);
    SessionJournal journal = new SessionJournal(node.vertx(), presence, JOURNAL_FLUSH_MS, lease::handedOver);
    view.journal(journal);
    departures.start(node.cluster());
    node.cluster().onNodeLeft(gone -> metrics.problems().record("node left", gone,
      "it left the cluster: its regions serve again on a survivor, its agents' friends are told they left"));
    if (node.cluster().size() == 1) {
      // No other member saw how the last one ended: sessions a node left when it died unseen are told now.
      departures.tellUnended("Sessions left by an unclean stop", Map.of());
    }
    NodeSettings.Breaker breaker = node.settings().breaker();
    RegionHostSettings host = settings.regionHost();
    Simulators simulators = new Simulators(new RegionConnector(node.outbound(), node.settings().timeouts().regionMs()),
      node.outbound(), new BreakerRegistry(node.vertx(), node.registry(), Simulators.SIMULATORS, breaker.maxFailures(),
        breaker.resetMs(), MAX_SIMULATORS), grid, this::gridUserLeft,
      host.simulatorCheckMs(), host.simulatorDeadMs(), node.registry());
    shards = new ShardDeployer(node.vertx(), view, presence, grid, notifier, simulators, observers, node.cluster(),
      lease, settings.regionHost());
    node.vertx().registerVerticleFactory(shards);
    fanout.regionsServedHere(view.nodeId(), shards.regionsHere());
    NodeReports reports = new NodeReports(node.vertx(), node.settings().gridName(), shards.directory(), metrics,
      remoteGrids);
    reports.start(settings.reportMs());
    gridState = new GridState(node.vertx(), node.settings().gridName(), node.cluster(), view, grid,
      node.service("usermanagement", UserManagementService.class), metrics, remoteGrids, node.pool());
    node.onStop(gridState::stop);
    node.onStop(() -> {
      reports.stop();
      // Departures being told finish first: they need the fan-out, and their journal entries are forgotten.
      return departures.stop().compose(told -> {
        fanout.close();
        simulators.close();
        return journal.stop();
      });
    });
    // Registered last, so it runs first: agents log out while the services still answer.
    node.onStop(() -> shards.stop().onComplete(done -> node.vertx().unregisterVerticleFactory(shards)));
    registerGauges();
    registerHealth();
    return gridState.start().compose(v -> shards.serveSimulators(settings.regionHost().servesSimulators()));
  }

  /** The grid as the operator page shows it when it opens. */
  GridState gridState() {
    return gridState;
  }

  /** A user left a region nobody will report on (its simulator died): their grid user goes offline, where kept. */
  private void gridUserLeft(String userId, String regionId) {
    if (!node.config().getJsonObject("services").containsKey("griduser")) {
      return;
    }
    node.service("griduser", GridUserService.class).loggedOut(userId, regionId, null, null)
      .onFailure(e -> LogLimiter.warn(LOG, "grid user left", "Grid user {} not marked offline: {}", userId,
        e.getMessage()));
  }

  /** Tells an agent's friends, here and on other grids, that the agent left (once the notifier runs). */
  void tellFriendsOffline(String agentId) {
    StatusNotifier running = notifier;
    if (running == null) {
      LOG.warn("Friends of {} not told it left: this node's notifier is not running yet", agentId);
      return;
    }
    running.agentChanged(agentId, false, event -> { });
  }

  /** The fan-out to regions; the hgfriends service needs it before the notifier exists. */
  synchronized StatusFanout fanout() {
    if (fanout == null) {
      NodeSettings.Breaker breaker = node.settings().breaker();
      fanout = new StatusFanout(node.vertx(), view, new RegionConnector(node.outbound(),
        node.settings().timeouts().regionMs()), metrics, node.settings().timeouts().regionMs(),
        new BreakerRegistry(node.vertx(), node.registry(), StatusFanout.NODES, breaker.maxFailures(), breaker.resetMs(),
          StatusFanout.MAX_NODES));
    }
    return fanout;
  }

  private void registerGauges() {
    Gauge.builder("hg.presence.agents", view, PresenceView::size).description("agents online in the grid")
      .register(node.registry());
    Gauge.builder("hg.regions.served", shards.directory(), RegionDirectory::served)
      .description("regions served by this node").register(node.registry());
    Gauge.builder("hg.membership.acting", lease, held -> held.isActing() ? 1 : 0)
      .description("1 while this node may act on what it owns (its lease holds, not fenced)").register(node.registry());
    Gauge.builder("hg.presence.in.sync", view, held -> held.inSync() ? 1 : 0)
      .description("1 while this node's presence view agrees with every owner's digest").register(node.registry());
  }

  private void registerHealth() {
    RegionDirectory directory = shards.directory();
    node.healthCheck("regions", true, promise -> {
      if (shards.isDeployed()) {
        promise.complete(Status.OK(directory.serving()));
      } else {
        promise.complete(Status.KO(new JsonObject().put("reason", "regions are still being deployed")));
      }
    });
    node.healthCheck("circuits", true, promise -> {
      List<String> open = remoteGrids.openCircuits();
      promise.complete(Status.OK(new JsonObject().put("degraded", !open.isEmpty()).put("open", new JsonArray(open))));
    });
    // Counting every region's agents takes tens of milliseconds on a node of 50,000 regions: once a
    // request, on a worker (unordered: not behind a departure's long pass), not on the event loop.
    node.healthCheck("presence", false, promise -> node.vertx().executeBlocking(directory::summary, false)
      .map(Status::OK).onComplete(promise));
    // Down while this node may not act on what it owns, or while its view of presence differs from the owners'.
    node.healthCheck("membership", true, promise -> {
      JsonObject state = lease.summary().put("presence", view.syncSummary());
      promise.complete(lease.isActing() && view.inSync() ? Status.OK(state) : Status.KO(state));
    });
    node.healthCheck("foreign-grids", false, promise -> promise.complete(Status.OK(remoteGrids.circuitStates())));
  }

  FriendsSettings settings() {
    return settings;
  }

  GridMetrics metrics() {
    return metrics;
  }

  PresenceView view() {
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

  OfferValidator offerValidator() {
    return offerValidator;
  }

  /**
   * Runs {@code sweep} every {@code housekeeping.intervalMs} until the node stops, logging what it
   * deleted ({@code what}: the rows it deletes, in words).
   */
  void housekeeping(String what, Supplier<Future<Integer>> sweep) {
    long timer = node.vertx().setPeriodic(settings.housekeepingMs(), t -> sweep.get()
      .onSuccess(deleted -> {
        if (deleted > 0) {
          LOG.info("Deleted {} {}", deleted, what);
        }
      })
      .onFailure(e -> LogLimiter.warn(LOG, "housekeeping " + what, "Could not delete {}: {}", what, e.getMessage())));
    node.onStop(() -> {
      node.vertx().cancelTimer(timer);
      return Future.succeededFuture();
    });
  }

  WindowLimiter failuresByAddress() {
    return failuresByAddress;
  }

  WindowLimiter failuresByForeignUser() {
    return failuresByForeignUser;
  }

  ShardDeployer shards() {
    return shards;
  }
}
