package org.hypergrid.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.api.PresenceInfo;
import org.hypergrid.api.PresenceService;
import org.hypergrid.api.ServiceErrors;
import org.hypergrid.api.TravelInfo;
import org.hypergrid.api.Uui;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sessions in our regions and travels of our users to other grids, in PostgreSQL. */
public class PresenceServiceImpl implements PresenceService {

  private final Pool pool;

  public PresenceServiceImpl(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> reportAgent(String userId, String sessionId, String regionId) {
    if (!Uui.isUuid(sessionId) || !Uui.isUuid(regionId) || userId == null || userId.isBlank()) {
      return ServiceErrors.badInput("reportAgent needs a user, a session UUID and a region UUID");
    }
    return pool.preparedQuery("INSERT INTO presence (session_id, user_id, region_id, last_seen)"
        + " VALUES ($1, $2, $3, now()) ON CONFLICT (session_id) DO UPDATE"
        + " SET region_id = EXCLUDED.region_id, last_seen = now()")
      .execute(Tuple.of(UUID.fromString(sessionId), userId.toLowerCase(), UUID.fromString(regionId)))
      .mapEmpty();
  }

  @Override
  public Future<Boolean> logoutAgent(String sessionId) {
    if (!Uui.isUuid(sessionId)) {
      return ServiceErrors.badInput("logoutAgent needs a session UUID");
    }
    return pool.preparedQuery("DELETE FROM presence WHERE session_id = $1")
      .execute(Tuple.of(UUID.fromString(sessionId)))
      .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<Integer> logoutRegion(String regionId) {
    if (!Uui.isUuid(regionId)) {
      return ServiceErrors.badInput("logoutRegion needs a region UUID");
    }
    return pool.preparedQuery("DELETE FROM presence WHERE region_id = $1")
      .execute(Tuple.of(UUID.fromString(regionId)))
      .map(rows -> rows.rowCount());
  }

  @Override
  public Future<List<PresenceInfo>> getAgents(List<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] ids = userIds.stream().map(String::toLowerCase).toArray(String[]::new);
    // Sessions still in region zero are logins in progress: not online anywhere yet.
    return pool.preparedQuery("SELECT user_id, session_id, region_id, last_seen,"
        + " NULL::varchar AS grid_uri, NULL::varchar AS region_server_uri FROM presence"
        + " WHERE user_id = ANY($1) AND region_id <> '00000000-0000-0000-0000-000000000000'")
      .execute(Tuple.of(ids))
      .map(PresenceServiceImpl::toPresence);
  }

  @Override
  public Future<Void> reportTravel(TravelInfo travel) {
    if (!Uui.isUuid(travel.getUserId()) || !Uui.isUuid(travel.getSessionId())
      || travel.getToken() == null || travel.getToken().isBlank()
      || travel.getGridUri() == null || travel.getGridUri().isBlank()) {
      return ServiceErrors.badInput("a travel needs userId, sessionId (UUIDs), token and gridUri");
    }
    return pool.preparedQuery("INSERT INTO travels (user_id, session_id, token, grid_uri, region_server_uri)"
        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET session_id = EXCLUDED.session_id,"
        + " token = EXCLUDED.token, grid_uri = EXCLUDED.grid_uri,"
        + " region_server_uri = EXCLUDED.region_server_uri, started_at = now()")
      .execute(Tuple.of(UUID.fromString(travel.getUserId()), UUID.fromString(travel.getSessionId()),
        travel.getToken(), travel.getGridUri(), travel.getRegionServerUri()))
      .mapEmpty();
  }

  @Override
  public Future<Void> endTravel(String userId) {
    if (!Uui.isUuid(userId)) {
      return ServiceErrors.badInput("endTravel needs a user UUID");
    }
    return pool.preparedQuery("DELETE FROM travels WHERE user_id = $1")
      .execute(Tuple.of(UUID.fromString(userId)))
      .mapEmpty();
  }

  @Override
  public Future<List<PresenceInfo>> locate(List<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] ids = userIds.stream().map(String::toLowerCase).toArray(String[]::new);
    UUID[] uuids = userIds.stream().filter(Uui::isUuid).map(UUID::fromString).toArray(UUID[]::new);
    return pool.preparedQuery("SELECT user_id, session_id, region_id, last_seen,"
        + " NULL::varchar AS grid_uri, NULL::varchar AS region_server_uri FROM presence"
        + " WHERE user_id = ANY($1) AND region_id <> '00000000-0000-0000-0000-000000000000'"
        + " UNION ALL SELECT user_id::varchar, session_id, NULL::uuid, started_at, grid_uri, region_server_uri"
        + " FROM travels WHERE user_id = ANY($2)")
      // Built explicitly: Tuple.of(a, array) would spread the array as varargs.
      .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfUUID(uuids))
      .map(PresenceServiceImpl::toPresence);
  }

  @Override
  public Future<Boolean> verifyAgent(String userId, String sessionId, String token) {
    if (!Uui.isUuid(userId) || !Uui.isUuid(sessionId) || token == null || token.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return pool.preparedQuery("SELECT token FROM travels WHERE user_id = $1 AND session_id = $2")
      .execute(Tuple.of(UUID.fromString(userId), UUID.fromString(sessionId)))
      .map(rows -> rows.size() == 1 && MessageDigest.isEqual(
        rows.iterator().next().getString("token").getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<PresenceInfo> toPresence(RowSet<Row> rows) {
    List<PresenceInfo> found = new ArrayList<>(rows.size());
    for (Row row : rows) {
      UUID region = row.getUUID("region_id");
      found.add(new PresenceInfo()
        .setUserId(row.getString("user_id"))
        .setSessionId(row.getUUID("session_id").toString())
        .setRegionId(region == null ? null : region.toString())
        .setLastSeen(row.getOffsetDateTime("last_seen").toString())
        .setGridUri(row.getString("grid_uri"))
        .setRegionServerUri(row.getString("region_server_uri")));
    }
    return found;
  }

}
