package org.hypergrid.friends.monitor;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.clients.HGFriendsRemotes;
import org.hypergrid.friends.engine.GridMetrics;
import org.hypergrid.friends.engine.RegionDirectory;

import java.time.Instant;

/**
 * Every second, each node publishes what it is doing on {@link #ADDRESS} for the operator page:
 * its regions and agents, its busiest regions, the notifications it received and sent (totals,
 * per foreign grid; the page turns them into rates) and its circuits. A summary, never a list of
 * every region, so a node of 50,000 regions costs the page one small message a second.
 */
public final class NodeReports {

  public static final String ADDRESS = "hg.events.nodes";
  static final int BUSIEST = 10;

  private final Vertx vertx;
  private final String gridName;
  private final RegionDirectory regions;
  private final GridMetrics metrics;
  private final HGFriendsRemotes remotes;
  private long timer = -1;

  public NodeReports(Vertx vertx, String gridName, RegionDirectory regions, GridMetrics metrics, HGFriendsRemotes remotes) {
    this.vertx = vertx;
    this.gridName = gridName;
    this.regions = regions;
    this.metrics = metrics;
    this.remotes = remotes;
  }

  public void start(long periodMs) {
    // A pass over every region (50,000 on a node) is no work for an event loop: it runs on a worker.
    timer = vertx.setPeriodic(periodMs, t -> vertx.executeBlocking(this::report, false)
      .onSuccess(report -> vertx.eventBus().publish(ADDRESS, report)));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  JsonObject report() {
    return regions.summaryWithBusiest(BUSIEST).put("grid", gridName).put("at", Instant.now().toString())
      .put("notifications", metrics.notificationTotals())
      .put("circuits", remotes.circuitStates());
  }
}
