package org.hypergrid.service;

import io.vertx.core.Future;
import org.hypergrid.api.GridService;
import org.hypergrid.api.RegionInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where regions are, remembered for a few seconds: every status fan-out needs the regions of the
 * friends it tells, and regions change far less often than friends log in. Unknown regions are
 * not remembered, so a region registered a moment ago is found at once.
 */
final class RegionCache {

  private static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Entry(RegionInfo region, long expiresAt) {
  }

  private final GridService grid;
  private final Map<String, Entry> regions = new ConcurrentHashMap<>();

  RegionCache(GridService grid) {
    this.grid = grid;
  }

  /** The known regions among these ids; asks the grid service only for those not remembered. */
  Future<Map<String, RegionInfo>> find(List<String> regionIds) {
    long now = System.nanoTime();
    Map<String, RegionInfo> found = new HashMap<>();
    List<String> missing = regionIds.stream().filter(id -> {
      Entry entry = regions.get(id);
      if (entry != null && entry.expiresAt - now > 0) {
        found.put(id, entry.region);
        return false;
      }
      return true;
    }).toList();
    if (missing.isEmpty()) {
      return Future.succeededFuture(found);
    }
    return grid.getRegions(missing).map(fetched -> {
      long expiresAt = System.nanoTime() + TTL_NANOS;
      for (RegionInfo region : fetched) {
        regions.put(region.getRegionId(), new Entry(region, expiresAt));
        found.put(region.getRegionId(), region);
      }
      return found;
    });
  }
}
