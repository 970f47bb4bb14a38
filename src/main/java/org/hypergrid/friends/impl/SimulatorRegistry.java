package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.SimulatorRegion;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The regions simulators register, in the grid's one region table, with OpenSim's rules: no two
 * regions overlap or share a name, flags come from the grid's configuration by region name and
 * from an earlier entry, a Persistent region stays (offline) when it leaves. Positions are
 * metres on the wire and cells in the table. Only regions with a simulator behind them (a
 * server URI) answer OpenSim's queries.
 */
final class SimulatorRegistry {

  /** OpenSim's refusal of a register, with its reason text: told to the simulator. */
  static final int REFUSED = ServiceErrors.CONFLICT;
  private static final String COLUMNS = "region_id, name, loc_x, loc_y, size_x, size_y, flags, server_ip,"
    + " server_http_port, server_uri, server_port, map_texture, parcel_texture, access, region_secret, owner_uuid,"
    + " token";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM regions WHERE server_uri IS NOT NULL";
  /** Overlap of two extents, in metres: the candidate's (r) against $2..$5 (x, y, width, height). */
  private static final String OVERLAPS = "r.loc_x * 256 < $2::int + $4::int AND r.loc_x * 256 + r.size_x > $2::int"
    + " AND r.loc_y * 256 < $3::int + $5::int AND r.loc_y * 256 + r.size_y > $3::int";
  private static final int MAX_NAME = 128;
  /** The map's extent and a region's largest side, in metres: positions plus sizes stay well inside an int. */
  private static final int MAX_POSITION = 65_535 * SimulatorRegion.CELL;
  private static final int MAX_SIZE = 64 * SimulatorRegion.CELL;

  private final Pool pool;
  /** Region name in lower case → the flags the grid gives it (ROBUST's {@code Region_<name>}). */
  private final Map<String, Integer> configuredFlags;

  SimulatorRegistry(Pool pool, Map<String, Integer> configuredFlags) {
    this.pool = pool;
    this.configuredFlags = configuredFlags;
  }

  Future<Void> register(SimulatorRegion region) {
    String problem = problem(region);
    if (problem != null) {
      return ServiceErrors.badInput(problem);
    }
    UUID id = UUID.fromString(region.getRegionId());
    int configured = configuredFlags.getOrDefault(flagsKey(region.getName()), 0)
      | configuredFlags.getOrDefault(region.getRegionId().toLowerCase(Locale.ROOT), 0);
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT true FROM pg_advisory_xact_lock(7001)").execute()
      .compose(locked -> refusal(conn, id, region))
      .compose(refused -> refused != null ? ServiceException.<Void>fail(REFUSED, refused)
        : conn.preparedQuery("INSERT INTO regions (" + COLUMNS + ", bus_address) VALUES ($1, $2, $3, $4, $5, $6,"
            + " $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
            + " ON CONFLICT (region_id) DO UPDATE SET name = EXCLUDED.name, loc_x = EXCLUDED.loc_x,"
            + " loc_y = EXCLUDED.loc_y, size_x = EXCLUDED.size_x, size_y = EXCLUDED.size_y,"
            // As ROBUST: a known region keeps its flags (but Reservation) and comes online; the
            // configured ones are a new region's.
            + " flags = (regions.flags & ~" + SimulatorRegion.RESERVATION + ") | " + SimulatorRegion.REGION_ONLINE + ","
            + " server_ip = EXCLUDED.server_ip, server_http_port = EXCLUDED.server_http_port,"
            + " server_uri = EXCLUDED.server_uri, server_port = EXCLUDED.server_port,"
            + " map_texture = EXCLUDED.map_texture, parcel_texture = EXCLUDED.parcel_texture,"
            + " access = EXCLUDED.access, region_secret = EXCLUDED.region_secret, owner_uuid = EXCLUDED.owner_uuid,"
            + " token = EXCLUDED.token, bus_address = EXCLUDED.bus_address, updated_at = now()")
          .execute(Tuple.from(List.of(id, region.getName(), region.getLocX() / SimulatorRegion.CELL,
            region.getLocY() / SimulatorRegion.CELL, region.getSizeX(), region.getSizeY(),
            configured | SimulatorRegion.REGION_ONLINE, text(region.getServerIp()), region.getServerHttpPort(),
            region.getServerUri(), region.getServerPort(), uuid(region.getMapTexture()),
            uuid(region.getParcelTexture()), region.getAccess(), text(region.getRegionSecret()),
            uuid(region.getOwnerId()), text(region.getToken()), RegionService.address(id.toString()))))
          .<Void>mapEmpty()));
  }

  /** How ROBUST names a region in {@code Region_<name>}: trimmed, spaces as underscores (case ignored here). */
  static String flagsKey(String name) {
    return name.trim().replace(' ', '_').toLowerCase(Locale.ROOT);
  }

  /** OpenSim's reasons to refuse a register, checked in its order; null when there is none. */
  private static Future<String> refusal(SqlConnection conn, UUID id, SimulatorRegion region) {
    Tuple extent = Tuple.of(id, region.getLocX(), region.getLocY(), region.getSizeX(), region.getSizeY());
    return conn.preparedQuery("SELECT"
        + " (SELECT flags FROM regions WHERE region_id = $1) AS flags,"
        + " (SELECT loc_x * 256 <> $2::int OR loc_y * 256 <> $3::int FROM regions WHERE region_id = $1) AS moved,"
        + " EXISTS (SELECT 1 FROM regions r WHERE r.region_id <> $1 AND " + OVERLAPS + ") AS overlaps,"
        + " EXISTS (SELECT 1 FROM regions r WHERE r.region_id <> $1 AND lower(r.name) = lower($6)) AS named")
      .execute(extent.addString(region.getName()))
      .map(rows -> {
        Row row = rows.iterator().next();
        Integer flags = row.getInteger("flags");
        if (flags != null && Boolean.TRUE.equals(row.getBoolean("moved")) && (flags & SimulatorRegion.NO_MOVE) != 0) {
          return "Can't move this region";
        }
        if (row.getBoolean("overlaps")) {
          return "Region overlaps another region";
        }
        if (flags != null && (flags & SimulatorRegion.LOCKED_OUT) != 0) {
          return "Region locked out";
        }
        if (row.getBoolean("named")) {
          return "Duplicate region name";
        }
        return null;
      });
  }

  private static String problem(SimulatorRegion region) {
    if (!Uuids.isUuid(region.getRegionId()) || region.getName() == null || region.getName().isBlank()
      || region.getName().length() > MAX_NAME) {
      return "a region needs a UUID and a name of at most " + MAX_NAME + " characters";
    }
    if (!isCells(region.getLocX(), 0, MAX_POSITION) || !isCells(region.getLocY(), 0, MAX_POSITION)
      || !isCells(region.getSizeX(), SimulatorRegion.CELL, MAX_SIZE)
      || !isCells(region.getSizeY(), SimulatorRegion.CELL, MAX_SIZE)) {
      return "locX and locY must be whole cells of 256 metres up to " + MAX_POSITION + ", sizeX and sizeY whole cells"
        + " up to " + MAX_SIZE;
    }
    String uri = region.getServerUri();
    if (uri == null || uri.length() > 255 || !uri.matches("(?i)https?://[^\\s/]+/?\\S*")) {
      return "serverURI must be the simulator's http(s) URL";
    }
    for (String id : new String[] {region.getMapTexture(), region.getParcelTexture(), region.getOwnerId()}) {
      if (id != null && !id.isEmpty() && !Uuids.isUuid(id)) {
        return "regionMapTexture, parcelMapTexture and owner_uuid must be UUIDs";
      }
    }
    for (String text : new String[] {region.getServerIp(), region.getRegionSecret(), region.getToken()}) {
      if (text != null && text.length() > 255) {
        return "serverIP, regionSecret and Token are at most 255 characters";
      }
    }
    return null;
  }

  private static boolean isCells(int metres, int min, int max) {
    return metres >= min && metres <= max && metres % SimulatorRegion.CELL == 0;
  }

  Future<Void> deregister(String regionId) {
    if (!Uuids.isUuid(regionId)) {
      return ServiceErrors.badInput("REGIONID is not a UUID");
    }
    UUID id = UUID.fromString(regionId);
    return pool.preparedQuery("WITH kept AS (UPDATE regions SET flags = flags & ~" + SimulatorRegion.REGION_ONLINE
        + ", updated_at = now() WHERE region_id = $1 AND server_uri IS NOT NULL AND flags & "
        + SimulatorRegion.PERSISTENT + " <> 0 RETURNING region_id), gone AS (DELETE FROM regions WHERE region_id = $1"
        + " AND server_uri IS NOT NULL AND flags & " + SimulatorRegion.PERSISTENT + " = 0 RETURNING region_id)"
        + " SELECT (SELECT count(*) FROM kept) + (SELECT count(*) FROM gone) AS changed")
      .execute(Tuple.of(id))
      .compose(rows -> rows.iterator().next().getLong("changed") == 0
        ? ServiceErrors.notFound("no region " + regionId + " registered") : Future.succeededFuture());
  }

  Future<Void> setOnline(String regionId, boolean online) {
    if (!Uuids.isUuid(regionId)) {
      return ServiceErrors.badInput("regionId is not a UUID");
    }
    String flags = online ? "flags | " + SimulatorRegion.REGION_ONLINE : "flags & ~" + SimulatorRegion.REGION_ONLINE;
    return pool.preparedQuery("UPDATE regions SET flags = " + flags + ", updated_at = now() WHERE region_id = $1"
        + " AND server_uri IS NOT NULL")
      .execute(Tuple.of(UUID.fromString(regionId))).mapEmpty();
  }

  Future<SimulatorRegion> region(String regionId) {
    if (!Uuids.isUuid(regionId)) {
      return ServiceErrors.badInput("REGIONID is not a UUID");
    }
    return pool.preparedQuery(SELECT + " AND region_id = $1").execute(Tuple.of(UUID.fromString(regionId)))
      .compose(rows -> rows.size() == 0 ? ServiceErrors.notFound("no region " + regionId)
        : Future.succeededFuture(toRegion(rows.iterator().next())));
  }

  Future<List<SimulatorRegion>> neighbours(String regionId) {
    return region(regionId).compose(region -> query(SELECT + " AND region_id <> $1 AND loc_x * 256 <= $2::int + $4::int"
        + " AND loc_x * 256 + size_x >= $2::int AND loc_y * 256 <= $3::int + $5::int AND loc_y * 256 + size_y >= $3::int"
        + " ORDER BY loc_x, loc_y", Tuple.of(UUID.fromString(regionId), region.getLocX(), region.getLocY(),
        region.getSizeX(), region.getSizeY())))
      .recover(e -> ServiceErrors.isNotFound(e) ? Future.succeededFuture(List.of()) : Future.failedFuture(e));
  }

  Future<List<SimulatorRegion>> inRange(int xMin, int xMax, int yMin, int yMax) {
    return query(SELECT + " AND loc_x * 256 BETWEEN $1 AND $2 AND loc_y * 256 BETWEEN $3 AND $4 ORDER BY loc_x, loc_y",
      Tuple.of(xMin, xMax, yMin, yMax));
  }

  Future<List<SimulatorRegion>> at(int x, int y) {
    return query(SELECT + " AND loc_x * 256 <= $1 AND loc_x * 256 + size_x > $1 AND loc_y * 256 <= $2"
      + " AND loc_y * 256 + size_y > $2 LIMIT 1", Tuple.of(x, y));
  }

  Future<List<SimulatorRegion>> named(String name, boolean exact, int max) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
      return Future.succeededFuture(List.of());
    }
    String pattern = name.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
      + (exact ? "" : "%");
    return query(SELECT + " AND lower(name) LIKE $1 ORDER BY name LIMIT $2", Tuple.of(pattern, Math.max(0, max)));
  }

  Future<List<SimulatorRegion>> flagged(int flags, int x, int y, int max) {
    return query(SELECT + " AND flags & $1::int = $1::int AND flags & " + SimulatorRegion.REGION_ONLINE + " <> 0"
      + " ORDER BY (loc_x::bigint * 256 - $2::int) ^ 2 + (loc_y::bigint * 256 - $3::int) ^ 2, name LIMIT $4",
      Tuple.of(flags, x, y, Math.max(0, max)));
  }

  Future<Integer> flags(String regionId) {
    if (!Uuids.isUuid(regionId)) {
      return Future.succeededFuture(-1);
    }
    return pool.preparedQuery("SELECT flags FROM regions WHERE region_id = $1")
      .execute(Tuple.of(UUID.fromString(regionId)))
      .map(rows -> rows.size() == 0 ? -1 : rows.iterator().next().getInteger("flags"));
  }

  private Future<List<SimulatorRegion>> query(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(SimulatorRegistry::toRegions);
  }

  private static List<SimulatorRegion> toRegions(RowSet<Row> rows) {
    List<SimulatorRegion> regions = new ArrayList<>(rows.size());
    rows.forEach(row -> regions.add(toRegion(row)));
    return regions;
  }

  private static SimulatorRegion toRegion(Row row) {
    return new SimulatorRegion().setRegionId(row.getUUID("region_id").toString()).setName(row.getString("name"))
      .setLocX(row.getInteger("loc_x") * SimulatorRegion.CELL).setLocY(row.getInteger("loc_y") * SimulatorRegion.CELL)
      .setSizeX(row.getInteger("size_x")).setSizeY(row.getInteger("size_y")).setFlags(row.getInteger("flags"))
      .setServerIp(row.getString("server_ip")).setServerHttpPort(row.getInteger("server_http_port"))
      .setServerUri(row.getString("server_uri")).setServerPort(row.getInteger("server_port"))
      .setMapTexture(row.getUUID("map_texture").toString()).setParcelTexture(row.getUUID("parcel_texture").toString())
      .setAccess(row.getInteger("access")).setRegionSecret(row.getString("region_secret"))
      .setOwnerId(row.getUUID("owner_uuid").toString()).setToken(row.getString("token"));
  }

  private static UUID uuid(String text) {
    return text == null || text.isEmpty() ? new UUID(0, 0) : UUID.fromString(text);
  }

  private static String text(String text) {
    return text == null ? "" : text;
  }
}
