package org.hypergrid.friends.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.function.IntSupplier;

/**
 * The regions served on this node as operators look at them: a page at a time (busiest first,
 * filtered by name), the busiest few, and a summary. Paging keeps a node of 50,000 regions cheap
 * to look at.
 */
public final class RegionDirectory {

  /** Regions counted once each: the count does not change under the sort, and a count sums a concurrent map's counters. */
  private static final Comparator<Counted> BUSIEST_FIRST = Comparator.comparingInt(Counted::agents).reversed()
    .thenComparing(counted -> counted.region().info().getName());

  private final NodeRegions regions;
  private final PresenceView view;
  private final IntSupplier shards;

  RegionDirectory(NodeRegions regions, PresenceView view, IntSupplier shards) {
    this.regions = regions;
    this.view = view;
    this.shards = shards;
  }

  /** A page of the regions served here, busiest first: {total, offset, regions: [{regionId, name, agents}]}. */
  public JsonObject page(int offset, int limit, String nameContains) {
    String needle = nameContains == null ? "" : nameContains.toLowerCase(Locale.ROOT);
    List<Counted> all = new ArrayList<>();
    for (Region region : regions.all()) {
      if (needle.isEmpty() || region.info().getName().toLowerCase(Locale.ROOT).contains(needle)) {
        all.add(new Counted(region, region.agentCount()));
      }
    }
    all.sort(BUSIEST_FIRST);
    JsonArray page = new JsonArray();
    all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit))
      .forEach(counted -> page.add(row(counted.region(), counted.agents())));
    return new JsonObject().put("total", all.size()).put("offset", offset).put("regions", page);
  }

  /** A region and its agents, counted once. */
  private record Counted(Region region, int agents) {
  }

  /** The regions served here, without counting their agents: cheap enough for any event loop. */
  public JsonObject serving() {
    return new JsonObject().put("node", view.nodeId()).put("shards", shards.getAsInt()).put("regions", served());
  }

  /** Regions served and agents hosted here, and agents online in the grid: a pass over the regions. */
  public JsonObject summary() {
    return pass(0);
  }

  /**
   * {@link #summary} with the {@code n} regions here with the most agents, busiest first, from one
   * pass over the regions (one count a region, no sort of all): for the node's reports.
   */
  public JsonObject summaryWithBusiest(int n) {
    return pass(n);
  }

  private JsonObject pass(int n) {
    int hosted = 0;
    PriorityQueue<Counted> top = new PriorityQueue<>(Comparator.comparingInt(Counted::agents));
    for (Region region : regions.all()) {
      int agents = region.agentCount();
      hosted += agents;
      if (n == 0 || agents == 0 || (top.size() == n && agents <= top.peek().agents())) {
        continue;
      }
      top.add(new Counted(region, agents));
      if (top.size() > n) {
        top.poll();
      }
    }
    JsonObject summary = serving().put("agentsHostedHere", hosted).put("agentsOnlineInGrid", view.size());
    if (n == 0) {
      return summary;
    }
    List<Counted> ordered = new ArrayList<>(top);
    ordered.sort(BUSIEST_FIRST);
    JsonArray rows = new JsonArray();
    ordered.forEach(counted -> rows.add(row(counted.region(), counted.agents())));
    return summary.put("busiest", rows);
  }

  /** How many regions this node serves now. */
  public int served() {
    return regions.all().size();
  }

  private static JsonObject row(Region region, int agents) {
    return new JsonObject().put("regionId", region.info().getRegionId()).put("name", region.info().getName())
      .put("agents", agents);
  }
}
