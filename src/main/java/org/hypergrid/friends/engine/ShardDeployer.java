package org.hypergrid.friends.engine;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VerticleFactory;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.RegionNodeService;
import org.hypergrid.runtime.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shards running on this node (those deployed from its config and those failed over to it):
 * it deploys the configured regions as HA shards with bounded concurrency, builds shards by name
 * for Vert.x HA (on this node or on a survivor), claims and releases their regions in the
 * registry, and stops every shard here before the node closes its services.
 */
public final class ShardDeployer implements VerticleFactory {

  private static final Logger LOG = LoggerFactory.getLogger(ShardDeployer.class);
  /** Verticle factory prefix: shards are deployed by name, so HA can deploy them anywhere. */
  public static final String PREFIX = "hgregion";
  public static final String SHARD = PREFIX + ":shard";
  /** Where a simulator's region is handed to one node of the cluster to serve. */
  public static final String SERVE_SIMULATOR = "hg.regions.simulator.serve";
  /** Where every node hears that a simulator's region left. */
  public static final String RELEASE_SIMULATOR = "hg.regions.simulator.release";
  /** The name of a shard that serves one simulator's region: this, then the region id and the node. */
  static final String SIMULATOR_SHARD = "simulator-";

  private final Vertx vertx;
  private final RegionContext regionContext;
  private final GridService grid;
  private final ClusterView cluster;
  private final RegionHostSettings settings;
  private final MemberLease lease;
  /** Deployment id → a promise completed when the shard running under it has stopped. */
  private final Map<String, Promise<Void>> shards = new ConcurrentHashMap<>();
  /** Region id → the deployment of the shard serving that simulator's region here. */
  private final Map<String, Future<String>> simulatorShards = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> simulatorConsumers = new ArrayList<>();
  private volatile RegionRescue rescue;
  private final NodeRegions nodeRegions;
  private final RegionDirectory directory;
  private volatile boolean deployed;

  public ShardDeployer(Vertx vertx, PresenceView view, PresenceService travels, GridService grid,
                       StatusNotifier notifier, Simulators simulators, ObserverFeed observers, ClusterView cluster,
                       MemberLease lease, RegionHostSettings settings) {
    this.vertx = vertx;
    this.lease = lease;
    this.regionContext = new RegionContext(vertx, view, travels, notifier, simulators, observers,
      settings.regionTimeoutMs(), settings.simulatorChanges());
    this.grid = grid;
    this.cluster = cluster;
    this.settings = settings;
    this.nodeRegions = new NodeRegions(vertx, view.nodeId(), observers);
    this.directory = new RegionDirectory(nodeRegions, view, shards::size);
    // A session superseded by a later login elsewhere is dropped by the region that held it.
    view.onSuperseded(session -> regionContext.region(session.regionId())
      .endSession(session.agentId().toString(), session.sessionId().toString()));
  }

  /** Binds this node's {@link RegionNodeService}, then deploys {@code regions} as HA shards, a few at a time. */
  public Future<Void> deploy(List<RegionInfo> regions) {
    List<JsonObject> shardConfigs = new ArrayList<>();
    int count = (regions.size() + settings.shardSize() - 1) / settings.shardSize();
    for (int i = 0; i < count; i++) {
      String name = "shard-" + (i + 1) + "-of-" + count + "@" + cluster.nodeId();
      shardConfigs.add(RegionShardVerticle.config(name, regions.subList(i * settings.shardSize(),
        Math.min(regions.size(), (i + 1) * settings.shardSize()))));
    }
    Future<Void> waves = nodeRegions.bind();
    for (int from = 0; from < shardConfigs.size(); from += settings.deployConcurrency()) {
      List<JsonObject> wave = shardConfigs.subList(from, Math.min(shardConfigs.size(),
        from + settings.deployConcurrency()));
      waves = waves.compose(v -> Future.all(wave.stream().map(this::deployShard).toList()).mapEmpty());
    }
    return waves.onSuccess(v -> deployed = true);
  }

  /**
   * Hears {@link #RELEASE_SIMULATOR} (every node does: any may hold a simulator's region after a
   * failover) and, when {@code serves}, answers {@link #SERVE_SIMULATOR} (one such node of the
   * cluster is asked per region).
   */
  public Future<Void> serveSimulators(boolean serves) {
    if (serves) {
      rescue = new RegionRescue(vertx, grid, this, cluster, lease, settings.rescueCheckMs());
      rescue.start();
    }
    MessageConsumer<String> release = vertx.eventBus().consumer(RELEASE_SIMULATOR, message ->
      releaseSimulatorRegion(message.body()));
    simulatorConsumers.add(release);
    if (!serves) {
      return release.completion();
    }
    MessageConsumer<JsonObject> serve = vertx.eventBus().consumer(SERVE_SIMULATOR, message ->
      serveSimulatorRegion(new RegionInfo(message.body())).onComplete(done -> {
        if (done.succeeded()) {
          message.reply(true);
        } else {
          message.fail(500, done.cause().getMessage());
        }
      }));
    simulatorConsumers.add(serve);
    return Future.all(serve.completion(), release.completion()).mapEmpty();
  }

  /**
   * Serves a region a simulator registered, as a shard of its own (HA: a survivor of the group
   * takes it when this node dies); a region a live node serves already is left where it is.
   */
  Future<Void> serveSimulatorRegion(RegionInfo region) {
    String id = region.getRegionId().toLowerCase();
    if (simulatorShards.containsKey(id)) {
      return Future.succeededFuture();
    }
    return grid.getRegion(id).map(stored -> stored.getOwnerNode() != null
        && cluster.liveNodes().contains(stored.getOwnerNode()))
      .otherwise(false)
      .compose(servedElsewhere -> {
        if (servedElsewhere || simulatorShards.containsKey(id)) {
          return Future.succeededFuture();
        }
        Promise<String> deployment = Promise.promise();
        simulatorShards.put(id, deployment.future());
        deployShard(SIMULATOR_SHARD + id + "@" + cluster.nodeId(), List.of(region))
          .onComplete(deployment)
          .onFailure(e -> simulatorShards.remove(id, deployment.future()));
        return deployment.future().mapEmpty();
      });
  }

  /** Deploys a shard of {@code regions} named {@code name}, with HA: a survivor redeploys it when this node dies. */
  Future<String> deployShard(String name, List<RegionInfo> regions) {
    return deployShard(RegionShardVerticle.config(name, regions));
  }

  private Future<String> deployShard(JsonObject config) {
    return vertx.deployVerticle(SHARD, new DeploymentOptions().setHa(true).setConfig(config));
  }

  /** Stops serving a simulator's region that left (its agents log out, friends told); nothing when not here. */
  Future<Void> releaseSimulatorRegion(String regionId) {
    Future<String> deployment = simulatorShards.remove(regionId.toLowerCase());
    return deployment == null ? Future.succeededFuture()
      : deployment.compose(vertx::undeploy).otherwiseEmpty();
  }

  /** True once the configured regions have all been deployed. */
  public boolean isDeployed() {
    return deployed;
  }

  /** Stops every shard on this node (its agents log out, friends told), within the shutdown timeout. */
  public Future<Void> stop() {
    if (rescue != null) {
      rescue.stop();
    }
    simulatorConsumers.forEach(MessageConsumer::unregister);
    List<Future<Void>> stopped = new ArrayList<>();
    shards.forEach((deploymentId, done) -> {
      stopped.add(done.future());
      vertx.undeploy(deploymentId); // fails harmlessly when already stopping with its parent
    });
    return withinShutdown(Future.join(stopped).mapEmpty(), "regions stopping")
      .compose(v -> nodeRegions.unbind());
  }

  /** The regions served here, for operators. */
  public RegionDirectory directory() {
    return directory;
  }

  /** The node-wide service of the regions served here, for callers in this process. */
  public RegionNodeService regionsHere() {
    return nodeRegions;
  }

  // --- what shards use

  MemberLease lease() {
    return lease;
  }

  RegionContext regionContext() {
    return regionContext;
  }

  NodeRegions nodeRegions() {
    return nodeRegions;
  }

  long claimRetryMs() {
    return settings.claimRetryMs();
  }

  Future<List<String>> claim(List<RegionInfo> batch) {
    // The grid service may live on a node that is still starting: wait for it, within servicesWaitMs.
    return UntilReachable.call(vertx, "regions claim", settings.servicesWaitMs(),
      () -> grid.claimRegions(batch, cluster.nodeId(), cluster.liveNodes()));
  }

  Future<Void> release(List<String> regionIds) {
    return regionIds.isEmpty() ? Future.succeededFuture() : grid.releaseRegions(regionIds, cluster.nodeId());
  }

  /** The future, or success with a warning once the shutdown timeout has passed. */
  Future<Void> withinShutdown(Future<Void> work, String what) {
    Promise<Void> bounded = Promise.promise();
    long timer = vertx.setTimer(settings.shutdownMs(), t -> {
      if (bounded.tryComplete()) {
        LOG.warn("{}: not done within {} ms; going on", what, settings.shutdownMs());
      }
    });
    work.onComplete(done -> {
      vertx.cancelTimer(timer);
      bounded.tryComplete();
    });
    return bounded.future();
  }

  void shardStarted(RegionShardVerticle shard) {
    shards.put(shard.deploymentID(), Promise.promise());
    // A simulator's region failed over from a dead node is this node's to let go when it leaves.
    if (shard.shardName().startsWith(SIMULATOR_SHARD)) {
      shard.regions().keySet().forEach(id -> simulatorShards.putIfAbsent(id,
        Future.succeededFuture(shard.deploymentID())));
    }
    LOG.info("Shard {} serving {} region(s)", shard.shardName(), shard.regions().size());
  }

  void shardStopped(RegionShardVerticle shard) {
    Promise<Void> done = shards.remove(shard.deploymentID());
    if (done != null) {
      done.complete();
    }
  }

  // --- VerticleFactory: how a node (this one, or a survivor after failover) builds a shard

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public void createVerticle2(String verticleName, ClassLoader classLoader,
                              Promise<Callable<? extends Deployable>> promise) {
    if (!lease.trustsDepartures()) {
      // Vert.x HA fails over the shards of nodes this node saw leave; a node that was away saw
      // everyone leave, and takes nothing (the cluster's live nodes do).
      promise.fail("node " + cluster.nodeId() + " was away (stalled or fenced): it takes over no shard");
      return;
    }
    promise.complete(() -> new RegionShardVerticle(this));
  }
}
