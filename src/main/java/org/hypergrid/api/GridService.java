package org.hypergrid.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/** The region registry: where each region is and how to reach it. */
@VertxGen
@ProxyGen
public interface GridService {

  String ADDRESS = "hg.service.grid";

  static GridService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, GridService.class);
  }

  Future<Void> registerRegion(RegionInfo region);

  /** The region, or a failure with code 404. */
  Future<RegionInfo> getRegion(String regionId);

  /** Known regions among these ids, in one query. */
  Future<List<RegionInfo>> getRegions(List<String> regionIds);

  Future<List<RegionInfo>> listRegions();
}
