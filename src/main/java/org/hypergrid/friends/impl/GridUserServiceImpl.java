package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.friends.api.GridUserInfo;
import org.hypergrid.friends.api.GridUserService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.OpenSimValues;
import org.hypergrid.wire.Uuids;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Grid users in PostgreSQL, one row per user, written as OpenSim's GridUserService writes them:
 * a first login, logout, home or position creates the row; vectors are stored as OpenSim
 * formats them; times are Unix seconds from the store's clock. {@code Online} is read as the
 * stored flag and a session in the grid's presence: a user whose simulator or node died, or who
 * was online when the grid restarted, has no session and reads offline, so the login service
 * never refuses them as "already logged in".
 */
public class GridUserServiceImpl implements GridUserService {

  private static final String NOW = "extract(epoch from now())::bigint";
  private static final int MAX_BATCH = 1000;

  private final Pool pool;
  private final Predicate<String> hasSession;

  /** {@code hasSession}: whether a user (UUID) has a session anywhere in the grid now. */
  public GridUserServiceImpl(Pool pool, Predicate<String> hasSession) {
    this.pool = pool;
    this.hasSession = hasSession;
  }

  @Override
  public Future<GridUserInfo> loggedIn(String userId) {
    Optional<String> user = user(userId);
    if (user.isEmpty()) {
      return ServiceErrors.badInput("UserID must be a UUID or a universal user identifier");
    }
    return pool.preparedQuery("INSERT INTO griduser (user_id, online, login_at) VALUES ($1, true, " + NOW + ")"
        + " ON CONFLICT (user_id) DO UPDATE SET online = true, login_at = EXCLUDED.login_at RETURNING *")
      .execute(Tuple.of(user.get()))
      .map(rows -> toInfo(rows.iterator().next()));
  }

  @Override
  public Future<Void> loggedOut(String userId, String regionId, String position, String lookAt) {
    return place(userId, regionId, position, lookAt, "last", ", online = false, logout_at = " + NOW,
      ", online, logout_at", ", false, " + NOW);
  }

  @Override
  public Future<Void> setHome(String userId, String regionId, String position, String lookAt) {
    return place(userId, regionId, position, lookAt, "home", "", "", "");
  }

  @Override
  public Future<Void> setLastPosition(String userId, String regionId, String position, String lookAt) {
    return place(userId, regionId, position, lookAt, "last", "", "", "");
  }

  /**
   * Writes {@code <which>_region_id}, {@code _position}, {@code _look_at} (creating the row), with
   * {@code alsoSet}/{@code alsoColumns}/{@code alsoValues} for what a logout changes too.
   */
  private Future<Void> place(String userId, String regionId, String position, String lookAt, String which,
                             String alsoSet, String alsoColumns, String alsoValues) {
    Optional<String> user = user(userId);
    Optional<String> at = position == null || position.isEmpty() ? Optional.of(OpenSimValues.ZERO_VECTOR)
      : OpenSimValues.vector(position);
    Optional<String> looking = lookAt == null || lookAt.isEmpty() ? Optional.of(OpenSimValues.ZERO_VECTOR)
      : OpenSimValues.vector(lookAt);
    if (user.isEmpty() || !Uuids.isUuid(regionId) || at.isEmpty() || looking.isEmpty()) {
      return ServiceErrors.badInput("UserID must be a user, RegionID a UUID, Position and LookAt vectors <x, y, z>");
    }
    String columns = which + "_region_id, " + which + "_position, " + which + "_look_at";
    return pool.preparedQuery("INSERT INTO griduser (user_id, " + columns + alsoColumns + ") VALUES ($1, $2, $3, $4"
        + alsoValues + ") ON CONFLICT (user_id) DO UPDATE SET " + which + "_region_id = EXCLUDED." + which
        + "_region_id, " + which + "_position = EXCLUDED." + which + "_position, " + which + "_look_at = EXCLUDED."
        + which + "_look_at" + alsoSet)
      .execute(Tuple.of(user.get(), UUID.fromString(regionId), at.get(), looking.get()))
      .mapEmpty();
  }

  @Override
  public Future<GridUserInfo> getGridUserInfo(String userId) {
    Optional<String> user = user(userId);
    if (user.isEmpty()) {
      return ServiceErrors.badInput("UserID must be a UUID or a universal user identifier");
    }
    return pool.preparedQuery("SELECT * FROM griduser WHERE user_id = $1").execute(Tuple.of(user.get()))
      .compose(rows -> rows.size() == 0 ? ServiceErrors.notFound("no grid user " + user.get())
        : Future.succeededFuture(toInfo(rows.iterator().next())));
  }

  @Override
  public Future<List<GridUserInfo>> getGridUserInfos(List<String> userIds) {
    if (userIds.size() > MAX_BATCH) {
      return ServiceErrors.badInput("at most " + MAX_BATCH + " users at once");
    }
    List<String> users = userIds.stream().map(GridUserServiceImpl::user).flatMap(Optional::stream).toList();
    return pool.preparedQuery("SELECT * FROM griduser WHERE user_id = ANY($1)")
      .execute(Tuple.of(users.toArray(String[]::new)))
      .map(rows -> {
        Map<String, GridUserInfo> found = new HashMap<>();
        rows.forEach(row -> found.put(row.getString("user_id"), toInfo(row)));
        List<GridUserInfo> inOrder = new ArrayList<>();
        users.stream().distinct().map(found::get).filter(info -> info != null).forEach(inOrder::add);
        return inOrder;
      });
  }

  /** The UUID presence knows a user by (a visitor's identifier starts with it). */
  private static String sessionKey(String userId) {
    return Uui.parse(userId).map(Uui::id).orElse(userId);
  }

  /** A user's key: a UUID in lower case, or a universal user identifier as given; empty when neither. */
  private static Optional<String> user(String userId) {
    if (userId == null || userId.length() > 255) {
      return Optional.empty();
    }
    if (Uuids.isUuid(userId)) {
      return Optional.of(userId.toLowerCase(Locale.ROOT));
    }
    return Uui.parse(userId).filter(Uui::isForeign).map(uui -> userId);
  }

  private GridUserInfo toInfo(Row row) {
    return new GridUserInfo().setUserId(row.getString("user_id"))
      .setHomeRegionId(row.getUUID("home_region_id").toString()).setHomePosition(row.getString("home_position"))
      .setHomeLookAt(row.getString("home_look_at"))
      .setLastRegionId(row.getUUID("last_region_id").toString()).setLastPosition(row.getString("last_position"))
      .setLastLookAt(row.getString("last_look_at"))
      .setOnline(row.getBoolean("online") && hasSession.test(sessionKey(row.getString("user_id"))))
      .setLogin(row.getLong("login_at")).setLogout(row.getLong("logout_at"));
  }
}
