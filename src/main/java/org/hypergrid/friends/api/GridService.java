package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.hypergrid.runtime.ServiceProxies;

import java.util.List;

/** The region registry: where each region is and how to reach it. */
@VertxGen
@ProxyGen
public interface GridService {

  String ADDRESS = "hg.service.grid";

  static GridService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, GridService.class, ServiceProxies.DEFAULT_TIMEOUT_MS);
  }

  /** Registers a region reached by server URI (an external simulator) or bus address. */
  Future<Void> registerRegion(RegionInfo region);

  /**
   * Registers these regions as served by {@code nodeId}, in one statement, and answers the ids it
   * may serve: those nobody else holds, or whose holder is not among {@code liveNodes}. The same
   * region is thus served by exactly one node even when several nodes' configs list it.
   */
  Future<List<String>> claimRegions(List<RegionInfo> regions, String nodeId, List<String> liveNodes);

  /** The node stops serving these regions (a graceful stop); others may claim them. */
  Future<Void> releaseRegions(List<String> regionIds, String nodeId);

  /** The region, or a failure with code 404. */
  Future<RegionInfo> getRegion(String regionId);

  /** Known regions among these ids, in one query. */
  Future<List<RegionInfo>> getRegions(List<String> regionIds);

  Future<List<RegionInfo>> listRegions();
}
