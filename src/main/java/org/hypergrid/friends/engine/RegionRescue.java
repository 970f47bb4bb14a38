package org.hypergrid.friends.engine;

import io.vertx.core.Vertx;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.runtime.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  /** Regions rescued in one check at most (as many as one claim takes); the rest wait for the next. */
  private static final int MAX_PER_CHECK = 1000;

  private final Vertx vertx;
  private final GridService grid;
  private final ShardDeployer shards;
  private final ClusterView cluster;
  private final long checkMs;
  private final MemberLease lease;
  private final AtomicInteger rescues = new AtomicInteger();
  /** Regions found without a live owner in the last check. */
  private Set<String> orphanedBefore = Set.of();
  private long timer = -1;
  private boolean checking;
  private volatile boolean stopped;

  RegionRescue(Vertx vertx, GridService grid, ShardDeployer shards, ClusterView cluster, MemberLease lease,
               long checkMs) {
    this.vertx = vertx;
    this.lease = lease;
    this.grid = grid;
    this.shards = shards;
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
    if (checking || stopped || !lease.isActing() || !lease.trustsDepartures()) {
      return;
    }
    checking = true;
    grid.regionsOfGoneNodes(cluster.liveNodes(), MAX_PER_CHECK).onComplete(listed -> {
      checking = false;
      if (listed.failed() || stopped) {
        return;
      }
      Set<String> orphaned = new HashSet<>();
      listed.result().forEach(region -> orphaned.add(region.getRegionId()));
      List<RegionInfo> rescue = listed.result().stream()
        .filter(region -> orphanedBefore.contains(region.getRegionId())).toList();
      orphanedBefore = orphaned;
      if (rescue.isEmpty()) {
        return;
      }
      LOG.warn("{} region(s) still name a node that is gone as their owner ({} ...); serving them here",
        rescue.size(), rescue.get(0).getOwnerNode());
      shards.deployShard("rescue-" + rescues.incrementAndGet() + "@" + cluster.nodeId(), rescue)
        .onFailure(e -> LOG.error("Rescued regions not deployed: {}", e.getMessage()));
    });
  }
}
