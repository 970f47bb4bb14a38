package org.hypergrid.friends.engine;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VerticleFactory;
import io.vertx.core.spi.cluster.ClusterManager;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.RegionNodeService;
import org.hypergrid.friends.api.RegionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node's regions share: the services they use, the presence view, and the shards
 * running here (those deployed from this node's config and those failed over to it). It deploys
 * the configured regions as shards with bounded concurrency, and stops every shard here before
 * the node closes its services.
 */
public final class RegionHost implements VerticleFactory {

  private static final Logger LOG = LoggerFactory.getLogger(RegionHost.class);
  /** Verticle factory prefix: shards are deployed by name, so HA can deploy them anywhere. */
  public static final String PREFIX = "hgregion";
  public static final String SHARD = PREFIX + ":shard";

  private final Vertx vertx;
  private final PresenceView view;
  private final PresenceService presence;
  private final GridService grid;
  private final StatusNotifier notifier;
  private final long regionTimeoutMs;
  private final long shutdownMs;
  private final int shardSize;
  private final int deployConcurrency;
  private final long claimRetryMs;
  /** Deployment id → the shard running under it, with a promise completed when it has stopped. */
  private final Map<String, ShardEntry> shards = new ConcurrentHashMap<>();
  private final NodeRegions nodeRegions;
  private volatile boolean deployed;

  private record ShardEntry(RegionShardVerticle shard, Promise<Void> stopped) {
  }

  public RegionHost(Vertx vertx, PresenceView view, PresenceService presence, GridService grid,
                    StatusNotifier notifier, JsonObject config) {
    this.vertx = vertx;
    this.view = view;
    this.presence = presence;
    this.grid = grid;
    this.notifier = notifier;
    JsonObject timeouts = config.getJsonObject("timeouts");
    JsonObject regions = config.getJsonObject("regionHost");
    this.regionTimeoutMs = timeouts.getLong("regionMs");
    this.shutdownMs = timeouts.getLong("shutdownMs");
    this.shardSize = regions.getInteger("shardSize");
    this.deployConcurrency = regions.getInteger("deployConcurrency");
    this.claimRetryMs = regions.getLong("claimRetryMs");
    this.nodeRegions = new NodeRegions(vertx, view.nodeId());
    // A session superseded by a later login elsewhere is dropped by the region that held it.
    view.onSuperseded(session -> region(session.regionId())
      .endSession(session.agentId().toString(), session.sessionId().toString()));
  }

  /** How many nodes the cluster has now, this one included (1 when not clustered). */
  public static int liveNodeCount(Vertx vertx) {
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    return cluster != null ? cluster.getNodes().size() : 1;
  }

  /** The nodes of the cluster now, this one included. */
  public List<String> liveNodes() {
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    return cluster != null ? cluster.getNodes() : List.of(view.nodeId());
  }

  /**
   * Binds this node's {@link org.hypergrid.friends.api.RegionNodeService}, then deploys the configured
   * regions as HA shards, a few at a time.
   */
  public Future<Void> deploy(JsonArray configured) {
    List<RegionInfo> all = new ArrayList<>();
    for (int i = 0; i < configured.size(); i++) {
      JsonObject r = configured.getJsonObject(i);
      all.add(new RegionInfo().setRegionId(r.getString("id").toLowerCase()).setName(r.getString("name"))
        .setLocX(r.getInteger("x", 1000)).setLocY(r.getInteger("y", 1000)));
    }
    List<JsonObject> shardConfigs = new ArrayList<>();
    int count = (all.size() + shardSize - 1) / shardSize;
    for (int i = 0; i < count; i++) {
      String name = "shard-" + (i + 1) + "-of-" + count + "@" + view.nodeId();
      shardConfigs.add(RegionShardVerticle.config(name, all.subList(i * shardSize,
        Math.min(all.size(), (i + 1) * shardSize))));
    }
    Future<Void> waves = nodeRegions.bind();
    for (int from = 0; from < shardConfigs.size(); from += deployConcurrency) {
      List<JsonObject> wave = shardConfigs.subList(from, Math.min(shardConfigs.size(), from + deployConcurrency));
      waves = waves.compose(v -> Future.all(wave.stream().map(conf -> vertx.deployVerticle(SHARD,
        new DeploymentOptions().setConfig(conf).setHa(true))).toList()).mapEmpty());
    }
    return waves.onSuccess(v -> deployed = true);
  }

  /** True once the configured regions have all been deployed. */
  public boolean isDeployed() {
    return deployed;
  }

  /** Stops every shard on this node (its agents log out, friends told), within the shutdown timeout. */
  public Future<Void> stop() {
    List<Future<Void>> stopped = new ArrayList<>();
    shards.forEach((deploymentId, entry) -> {
      stopped.add(entry.stopped.future());
      vertx.undeploy(deploymentId); // fails harmlessly when already stopping with its parent
    });
    return withinShutdown(Future.join(stopped).mapEmpty(), "regions stopping")
      .compose(v -> nodeRegions.unbind());
  }

  // --- what shards and regions use

  RegionService region(String regionId) {
    return RegionService.createProxy(vertx, regionId, regionTimeoutMs);
  }

  Future<List<String>> claim(List<RegionInfo> batch) {
    // The grid service may live on a node that is still starting: wait for it, within a minute.
    return UntilReachable.call(vertx, "regions claim", 60_000,
      () -> grid.claimRegions(batch, view.nodeId(), liveNodes()));
  }

  Future<Void> release(List<String> regionIds) {
    return regionIds.isEmpty() ? Future.succeededFuture() : grid.releaseRegions(regionIds, view.nodeId());
  }

  /** The future, or success with a warning once the shutdown timeout has passed. */
  Future<Void> withinShutdown(Future<Void> work, String what) {
    Promise<Void> bounded = Promise.promise();
    long timer = vertx.setTimer(shutdownMs, t -> {
      if (bounded.tryComplete()) {
        LOG.warn("{}: not done within {} ms; going on", what, shutdownMs);
      }
    });
    work.onComplete(done -> {
      vertx.cancelTimer(timer);
      bounded.tryComplete();
    });
    return bounded.future();
  }

  void shardStarted(RegionShardVerticle shard) {
    shards.put(shard.deploymentID(), new ShardEntry(shard, Promise.promise()));
    LOG.info("Shard {} serving {} region(s)", shard.shardName(), shard.regions().size());
  }

  void shardStopped(RegionShardVerticle shard) {
    ShardEntry entry = shards.remove(shard.deploymentID());
    if (entry != null) {
      entry.stopped.complete();
    }
  }

  NodeRegions nodeRegions() {
    return nodeRegions;
  }

  /** The node-wide service of the regions served here, for callers in this process. */
  public RegionNodeService regionsHere() {
    return nodeRegions;
  }

  long claimRetryMs() {
    return claimRetryMs;
  }

  Vertx vertx() {
    return vertx;
  }

  PresenceView view() {
    return view;
  }

  PresenceService presence() {
    return presence;
  }

  StatusNotifier notifier() {
    return notifier;
  }

  /**
   * A page of the regions served here, busiest first: {total, regions: [{regionId, name, agents}]}.
   * Paging keeps a node of 50,000 regions cheap to look at.
   */
  public JsonObject regionsPage(int offset, int limit, String nameContains) {
    String needle = nameContains == null ? "" : nameContains.toLowerCase(java.util.Locale.ROOT);
    List<Region> all = new ArrayList<>();
    for (ShardEntry entry : shards.values()) {
      for (Region region : entry.shard.regions().values()) {
        if (needle.isEmpty() || region.info().getName().toLowerCase(java.util.Locale.ROOT).contains(needle)) {
          all.add(region);
        }
      }
    }
    all.sort(java.util.Comparator.comparingInt(Region::agentCount).reversed()
      .thenComparing(region -> region.info().getName()));
    JsonArray page = new JsonArray();
    for (Region region : all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit))) {
      page.add(new JsonObject().put("regionId", region.info().getRegionId()).put("name", region.info().getName())
        .put("agents", region.agentCount()));
    }
    return new JsonObject().put("total", all.size()).put("offset", offset).put("regions", page);
  }

  /** The {@code n} regions here with the most agents, busiest first (one pass, no sort of all). */
  public JsonArray busiest(int n) {
    java.util.PriorityQueue<Region> top = new java.util.PriorityQueue<>(
      java.util.Comparator.comparingInt(Region::agentCount));
    for (ShardEntry entry : shards.values()) {
      for (Region region : entry.shard.regions().values()) {
        if (region.agentCount() == 0) {
          continue;
        }
        top.add(region);
        if (top.size() > n) {
          top.poll();
        }
      }
    }
    List<Region> ordered = new ArrayList<>(top);
    ordered.sort(java.util.Comparator.comparingInt(Region::agentCount).reversed());
    JsonArray rows = new JsonArray();
    ordered.forEach(region -> rows.add(new JsonObject().put("regionId", region.info().getRegionId())
      .put("name", region.info().getName()).put("agents", region.agentCount())));
    return rows;
  }

  /** Regions served and agents hosted here, for /health. */
  public JsonObject summary() {
    int regions = 0;
    int agents = 0;
    for (ShardEntry entry : shards.values()) {
      for (Region region : entry.shard.regions().values()) {
        regions++;
        agents += region.agentCount();
      }
    }
    return new JsonObject().put("node", view.nodeId()).put("shards", shards.size()).put("regions", regions)
      .put("agentsHostedHere", agents).put("agentsOnlineInGrid", view.size());
  }

  // --- VerticleFactory: how a node (this one, or a survivor after failover) builds a shard

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public void createVerticle2(String verticleName, ClassLoader classLoader,
                              Promise<Callable<? extends Deployable>> promise) {
    promise.complete(() -> new RegionShardVerticle(this));
  }
}
