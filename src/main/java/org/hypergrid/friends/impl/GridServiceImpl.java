package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.SimulatorRegion;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The region registry in PostgreSQL. */
public class GridServiceImpl implements GridService {

  private static final String SELECT = "SELECT region_id, name, loc_x, loc_y, bus_address, server_uri, owner_node"
    + " FROM regions";
  /**
   * One statement for a whole batch: a region is taken when nobody holds it, this node already
   * does, or its holder is no longer a live node; rows left alone are not returned.
   */
  private static final String CLAIM = "INSERT INTO regions (region_id, name, loc_x, loc_y, bus_address, server_uri,"
    + " owner_node) SELECT r.id, r.name, r.x, r.y, $5 || r.id::text, r.uri, $6"
    + " FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::int[], $8::varchar[]) AS r(id, name, x, y, uri)"
    // A node the cluster fenced claims nothing until it has rejoined.
    + " WHERE NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.node_id = $6 AND m.fenced)"
    + " ON CONFLICT (region_id) DO UPDATE SET name = EXCLUDED.name, loc_x = EXCLUDED.loc_x, loc_y = EXCLUDED.loc_y,"
    + " bus_address = EXCLUDED.bus_address, server_uri = EXCLUDED.server_uri, owner_node = EXCLUDED.owner_node,"
    + " updated_at = now()"
    + " WHERE regions.owner_node IS NULL OR regions.owner_node = EXCLUDED.owner_node"
    + " OR NOT (regions.owner_node = ANY($7::varchar[]))"
    + " RETURNING region_id";
  private static final int MAX_CLAIM = 1_000;
  private static final int MAX_PAGE = 200;
  /** The advisory lock that orders fences. */
  private static final long FENCE_LOCK = 0x48474645L;

  private final Pool pool;
  /** Membership statements (join, confirm, live members, fence) only: they must not wait behind the load. */
  private final Pool leasePool;
  private final SimulatorRegistry simulators;

  /**
   * {@code regionFlags}: region name (spaces as underscores) or UUID, in lower case → the flags
   * the grid gives it when its simulator first registers.
   */
  public GridServiceImpl(Pool pool, Pool leasePool, Map<String, Integer> regionFlags) {
    this.pool = pool;
    this.leasePool = leasePool;
    this.simulators = new SimulatorRegistry(pool, regionFlags);
  }

  @Override
  public Future<Void> registerRegion(RegionInfo region) {
    if (!Uuids.isUuid(region.getRegionId()) || region.getName() == null || region.getName().isBlank()) {
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
  public Future<List<String>> claimRegions(List<RegionInfo> regions, String nodeId, List<String> liveNodes) {
    if (nodeId == null || nodeId.isBlank() || nodeId.length() > 64 || regions.size() > MAX_CLAIM) {
      return ServiceErrors.badInput("claimRegions needs a node id (at most 64 characters) and at most "
        + MAX_CLAIM + " regions");
    }
    Map<UUID, RegionInfo> byId = new LinkedHashMap<>();
    for (RegionInfo region : regions) {
      if (!Uuids.isUuid(region.getRegionId()) || region.getName() == null || region.getName().isBlank()
        || region.getName().length() > 128) {
        return ServiceErrors.badInput("every region needs a UUID regionId and a name of at most 128 characters");
      }
      byId.putIfAbsent(UUID.fromString(region.getRegionId()), region);
    }
    if (byId.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<RegionInfo> unique = List.copyOf(byId.values());
    Tuple args = Tuple.tuple()
      .addArrayOfUUID(byId.keySet().toArray(UUID[]::new))
      .addArrayOfString(unique.stream().map(RegionInfo::getName).toArray(String[]::new))
      .addArrayOfInteger(unique.stream().map(RegionInfo::getLocX).toArray(Integer[]::new))
      .addArrayOfInteger(unique.stream().map(RegionInfo::getLocY).toArray(Integer[]::new))
      .addString(RegionService.address(""))
      .addString(nodeId)
      .addArrayOfString(liveNodes.toArray(String[]::new))
      // A configured region has none (it replaces an external one); a simulator's region keeps its simulator.
      .addArrayOfString(unique.stream().map(RegionInfo::getServerUri).toArray(String[]::new));
    return pool.preparedQuery(CLAIM).execute(args).map(rows -> {
      List<String> claimed = new ArrayList<>(rows.size());
      rows.forEach(row -> claimed.add(row.getUUID("region_id").toString()));
      return claimed;
    });
  }

  @Override
  public Future<JsonObject> regionsPage(int offset, int limit, String nameContains) {
    int from = Math.max(0, offset);
    int size = Math.max(1, Math.min(MAX_PAGE, limit));
    String needle = nameContains == null ? "" : nameContains.length() > 64 ? nameContains.substring(0, 64) : nameContains;
    String pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return pool.preparedQuery("SELECT region_id, name, loc_x, loc_y, owner_node, server_uri, flags,"
        + " count(*) OVER () AS total FROM regions WHERE name ILIKE $1 ORDER BY lower(name), region_id"
        + " OFFSET $2 LIMIT $3")
      .execute(Tuple.of(pattern, from, size))
      .map(rows -> {
        JsonArray page = new JsonArray();
        long total = 0;
        for (Row row : rows) {
          total = row.getLong("total");
          String simulator = row.getString("server_uri");
          page.add(new JsonObject().put("regionId", row.getUUID("region_id").toString()).put("name", row.getString("name"))
            .put("locX", row.getInteger("loc_x")).put("locY", row.getInteger("loc_y"))
            .put("ownerNode", row.getString("owner_node")).put("simulator", simulator)
            .put("online", simulator == null ? null : (row.getInteger("flags") & SimulatorRegion.REGION_ONLINE) != 0));
        }
        return new JsonObject().put("total", total).put("offset", from).put("regions", page);
      });
  }

  @Override
  public Future<Long> joinCluster(String nodeId) {
    if (!isNodeId(nodeId)) {
      return ServiceErrors.badInput("joinCluster needs a node id of at most 80 characters");
    }
    return leasePool.preparedQuery("INSERT INTO cluster_members (node_id, epoch) VALUES ($1, 1) ON CONFLICT (node_id)"
        + " DO UPDATE SET epoch = cluster_members.epoch + 1, fenced = false, fenced_by = NULL, changed_at = now()"
        + " RETURNING epoch")
      .execute(Tuple.of(nodeId)).map(rows -> rows.iterator().next().getLong("epoch"));
  }

  @Override
  public Future<Boolean> confirmMember(String nodeId, long epoch) {
    if (!isNodeId(nodeId)) {
      return ServiceErrors.badInput("confirmMember needs a node id of at most 80 characters");
    }
    return leasePool.preparedQuery("UPDATE cluster_members SET last_seen = now() WHERE node_id = $1 AND epoch = $2"
        + " AND NOT fenced RETURNING 1")
      .execute(Tuple.of(nodeId, epoch)).map(rows -> rows.size() == 1);
  }

  @Override
  public Future<List<String>> liveMembers(long withinMs) {
    return leasePool.preparedQuery("SELECT node_id FROM cluster_members WHERE NOT fenced"
        + " AND last_seen > now() - make_interval(secs => $1) ORDER BY node_id LIMIT 1000")
      .execute(Tuple.of(Math.max(0, withinMs) / 1000.0))
      .map(rows -> {
        List<String> members = new ArrayList<>();
        rows.forEach(row -> members.add(row.getString("node_id")));
        return members;
      });
  }

  @Override
  public Future<Boolean> fenceMember(String nodeId, long epoch, String byNode, long byEpoch) {
    if (!isNodeId(nodeId) || !isNodeId(byNode)) {
      return ServiceErrors.badInput("fenceMember needs two node ids of at most 80 characters");
    }
    // One fence at a time: two sides of a partition fencing each other are ordered, the second refused.
    return leasePool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + FENCE_LOCK + ")").execute()
      .compose(locked -> conn.preparedQuery("SELECT 1 FROM cluster_members WHERE node_id = $1 AND epoch = $2"
        + " AND NOT fenced").execute(Tuple.of(byNode, byEpoch)))
      .compose(fencer -> fencer.size() == 0 ? Future.succeededFuture(false)
        : conn.preparedQuery("UPDATE cluster_members SET fenced = true, fenced_by = $3, changed_at = now()"
            + " WHERE node_id = $1 AND ($2 = 0 OR epoch = $2) AND NOT fenced")
          .execute(Tuple.of(nodeId, epoch, byNode)).map(true)));
  }

  private static boolean isNodeId(String nodeId) {
    return nodeId != null && !nodeId.isBlank() && nodeId.length() <= 80;
  }

  @Override
  public Future<List<RegionInfo>> regionsOfGoneNodes(List<String> liveNodes, int max) {
    return pool.preparedQuery(SELECT + " WHERE owner_node IS NOT NULL AND NOT (owner_node = ANY($1)) LIMIT $2")
      .execute(Tuple.of(liveNodes.toArray(String[]::new), Math.max(0, Math.min(MAX_CLAIM, max))))
      .map(GridServiceImpl::toRegions);
  }

  @Override
  public Future<Void> releaseRegions(List<String> regionIds, String nodeId) {
    UUID[] ids = regionIds.stream().filter(Uuids::isUuid).map(UUID::fromString).toArray(UUID[]::new);
    if (ids.length == 0) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("UPDATE regions SET owner_node = NULL, updated_at = now()"
        + " WHERE region_id = ANY($1) AND owner_node = $2")
      .execute(Tuple.of(ids, nodeId))
      .mapEmpty();
  }

  @Override
  public Future<RegionInfo> getRegion(String regionId) {
    if (!Uuids.isUuid(regionId)) {
      return ServiceErrors.badInput("regionId is not a UUID");
    }
    return getRegions(List.of(regionId)).compose(found -> found.isEmpty()
      ? ServiceErrors.notFound("no region " + regionId)
      : Future.succeededFuture(found.get(0)));
  }

  @Override
  public Future<List<RegionInfo>> getRegions(List<String> regionIds) {
    UUID[] ids = regionIds.stream().filter(Uuids::isUuid).map(UUID::fromString).toArray(UUID[]::new);
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

  @Override
  public Future<Void> registerSimulator(SimulatorRegion region) {
    return simulators.register(region);
  }

  @Override
  public Future<Void> deregisterSimulator(String regionId) {
    return simulators.deregister(regionId);
  }

  @Override
  public Future<Void> setSimulatorOnline(String regionId, boolean online) {
    return simulators.setOnline(regionId, online);
  }

  @Override
  public Future<SimulatorRegion> simulatorRegion(String regionId) {
    return simulators.region(regionId);
  }

  @Override
  public Future<List<SimulatorRegion>> neighboursOf(String regionId) {
    return simulators.neighbours(regionId);
  }

  @Override
  public Future<List<SimulatorRegion>> regionsInRange(int xMin, int xMax, int yMin, int yMax) {
    return simulators.inRange(xMin, xMax, yMin, yMax);
  }

  @Override
  public Future<List<SimulatorRegion>> regionsAt(int x, int y) {
    return simulators.at(x, y);
  }

  @Override
  public Future<List<SimulatorRegion>> regionsNamed(String name, boolean exact, int max) {
    return simulators.named(name, exact, max);
  }

  @Override
  public Future<List<SimulatorRegion>> regionsFlagged(int flags, int x, int y, int max) {
    return simulators.flagged(flags, x, y, max);
  }

  @Override
  public Future<Integer> regionFlags(String regionId) {
    return simulators.flags(regionId);
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
        .setServerUri(row.getString("server_uri"))
        .setOwnerNode(row.getString("owner_node")));
    }
    return regions;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
