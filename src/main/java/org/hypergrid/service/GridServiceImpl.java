package org.hypergrid.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.api.GridService;
import org.hypergrid.api.RegionInfo;
import org.hypergrid.api.ServiceErrors;
import org.hypergrid.api.Uui;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The region registry in PostgreSQL. */
public class GridServiceImpl implements GridService {

  private static final String SELECT = "SELECT region_id, name, loc_x, loc_y, bus_address, server_uri FROM regions";

  private final Pool pool;

  public GridServiceImpl(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> registerRegion(RegionInfo region) {
    if (!Uui.isUuid(region.getRegionId()) || region.getName() == null || region.getName().isBlank()) {
      return ServiceErrors.badInput("a region needs a UUID regionId and a name");
    }
    if (isBlank(region.getBusAddress()) == isBlank(region.getServerUri())) {
      return ServiceErrors.badInput("a region is reached by exactly one of busAddress or serverUri");
    }
    return pool.preparedQuery("INSERT INTO regions (region_id, name, loc_x, loc_y, bus_address, server_uri)"
        + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (region_id) DO UPDATE SET name = EXCLUDED.name,"
        + " loc_x = EXCLUDED.loc_x, loc_y = EXCLUDED.loc_y, bus_address = EXCLUDED.bus_address,"
        + " server_uri = EXCLUDED.server_uri, updated_at = now()")
      .execute(Tuple.of(UUID.fromString(region.getRegionId()), region.getName(), region.getLocX(),
        region.getLocY(), region.getBusAddress(), region.getServerUri()))
      .mapEmpty();
  }

  @Override
  public Future<RegionInfo> getRegion(String regionId) {
    if (!Uui.isUuid(regionId)) {
      return ServiceErrors.badInput("regionId is not a UUID");
    }
    return getRegions(List.of(regionId)).compose(found -> found.isEmpty()
      ? ServiceErrors.notFound("no region " + regionId)
      : Future.succeededFuture(found.get(0)));
  }

  @Override
  public Future<List<RegionInfo>> getRegions(List<String> regionIds) {
    UUID[] ids = regionIds.stream().filter(Uui::isUuid).map(UUID::fromString).toArray(UUID[]::new);
    if (ids.length == 0) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(SELECT + " WHERE region_id = ANY($1)").execute(Tuple.of(ids))
      .map(GridServiceImpl::toRegions);
  }

  @Override
  public Future<List<RegionInfo>> listRegions() {
    return pool.query(SELECT + " ORDER BY name").execute().map(GridServiceImpl::toRegions);
  }

  private static List<RegionInfo> toRegions(RowSet<Row> rows) {
    List<RegionInfo> regions = new ArrayList<>(rows.size());
    for (Row row : rows) {
      regions.add(new RegionInfo()
        .setRegionId(row.getUUID("region_id").toString())
        .setName(row.getString("name"))
        .setLocX(row.getInteger("loc_x"))
        .setLocY(row.getInteger("loc_y"))
        .setBusAddress(row.getString("bus_address"))
        .setServerUri(row.getString("server_uri")));
    }
    return regions;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
