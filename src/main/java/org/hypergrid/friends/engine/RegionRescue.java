package org.hypergrid.friends.engine;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.runtime.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The safety net under failover: Vert.x HA redeploys a dead node's shards on a survivor, but
 * when two nodes die close together a shard can be lost, and the registry would name a dead
 * owner for ever. Every {@code checkMs}, and after every departure, this node reads the registry;
 * a region whose owner is not a live node in two checks in a row (HA had its chance) is served
 * here, in a shard of its own kind, through the normal claim: if several nodes rescue at once,
 * the registry gives the region to one.
 */
final class RegionRescue {

  private static final Logger LOG = LoggerFactory.getLogger(RegionRescue.class);

  private final Vertx vertx;
  private final GridService grid;
  private final ClusterView cluster;
  private final long checkMs;
  private final AtomicInteger rescues = new AtomicInteger();
  /** Regions found without a live owner in the last check. */
  private Set<String> orphanedBefore = Set.of();
  private long timer = -1;
  private boolean checking;
  private volatile boolean stopped;

  RegionRescue(Vertx vertx, GridService grid, ClusterView cluster, long checkMs) {
    this.vertx = vertx;
    this.grid = grid;
    this.cluster = cluster;
    this.checkMs = checkMs;
  }

  void start() {
    timer = vertx.setPeriodic(checkMs, t -> check());
    cluster.onNodeLeft(departed -> {
      if (!stopped) {
        vertx.setTimer(checkMs, t -> check());
      }
    });
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void check() {
    if (checking || stopped) {
      return;
    }
    checking = true;
    grid.listRegions().onComplete(listed -> {
      checking = false;
      if (listed.failed() || stopped) {
        return;
      }
      Collection<String> live = cluster.liveNodes();
      Set<String> orphaned = new HashSet<>();
      List<RegionInfo> rescue = listed.result().stream()
        .filter(region -> region.getOwnerNode() != null && !live.contains(region.getOwnerNode()))
        .peek(region -> orphaned.add(region.getRegionId()))
        .filter(region -> orphanedBefore.contains(region.getRegionId()))
        .toList();
      orphanedBefore = orphaned;
      if (rescue.isEmpty()) {
        return;
      }
      LOG.warn("{} region(s) still name a node that is gone as their owner ({} ...); serving them here",
        rescue.size(), rescue.get(0).getOwnerNode());
      JsonObject config = RegionShardVerticle.config("rescue-" + rescues.incrementAndGet() + "@" + cluster.nodeId(),
        rescue);
      vertx.deployVerticle(ShardDeployer.SHARD, new DeploymentOptions().setHa(true).setConfig(config))
        .onFailure(e -> LOG.error("Rescued regions not deployed: {}", e.getMessage()));
    });
  }
}
