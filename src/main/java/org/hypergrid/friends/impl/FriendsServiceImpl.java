package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.friends.api.FriendInfo;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.runtime.ServiceErrors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Friendships in PostgreSQL; theirFlags comes from the converse row in the same query. */
public class FriendsServiceImpl implements FriendsService {

  /**
   * The converse row's flags as a subquery (at most one row: the key is both columns), not a
   * join: PostgreSQL plans a join's selectivity from both columns' statistics, about 0.8 ms each
   * time, and it plans {@code findFriendships} afresh at every call (its generic plan never looks
   * cheaper), which made a foreign grid's statusnotification cost its store ten times the query.
   */
  private static final String SELECT_WITH_CONVERSE = "SELECT f.principal_id, f.friend, f.flags,"
    + " coalesce((SELECT c.flags FROM friends c WHERE c.principal_id = f.friend AND c.friend = f.principal_id), -1)"
    + " AS their_flags FROM friends f";

  /** A pending offer: a row with its time and no converse row. */
  private static final String PENDING_OFFER = "f.offered_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM friends c"
    + " WHERE c.principal_id = f.friend AND c.friend = f.principal_id)";
  private static final String UPSERT = "INSERT INTO friends (principal_id, friend, flags) VALUES ($1, $2, $3)"
    + " ON CONFLICT (principal_id, friend) DO UPDATE SET flags = EXCLUDED.flags, offered_at = NULL";

  private final Pool pool;
  private final Function<List<String>, Future<Void>> changed;
  private final int maxPendingOffers;
  private final int offerDays;

  /**
   * {@code changed}: told, after each write's commit and before it is acknowledged, which of our
   * users' friendships changed (so every node's verification cache drops them). A user holds at
   * most {@code maxPendingOffers} offers from foreign users, each for {@code offerDays}.
   */
  public FriendsServiceImpl(Pool pool, Function<List<String>, Future<Void>> changed, int maxPendingOffers,
                            int offerDays) {
    this.pool = pool;
    this.changed = changed;
    this.maxPendingOffers = maxPendingOffers;
    this.offerDays = offerDays;
  }

  /** Our users (bare UUIDs) among the sides of a row. */
  private static List<String> ourUsers(String... sides) {
    List<String> ours = new ArrayList<>();
    for (String side : sides) {
      Uui.parse(side).filter(uui -> !uui.isForeign()).ifPresent(uui -> ours.add(uui.id()));
    }
    return ours;
  }

  private <T> Future<T> thenTell(Future<T> write, String... sides) {
    return write.compose(result -> changed.apply(ourUsers(sides)).map(result));
  }

  @Override
  public Future<List<FriendInfo>> getFriends(String principalId) {
    return pool.preparedQuery(SELECT_WITH_CONVERSE + " WHERE f.principal_id = $1 ORDER BY f.friend")
      .execute(Tuple.of(principalId))
      .map(FriendsServiceImpl::toFriends);
  }

  @Override
  public Future<List<FriendInfo>> findFriendships(List<String> principalIds, String friendPrefix) {
    if (principalIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(SELECT_WITH_CONVERSE
        + " WHERE f.principal_id = ANY($1) AND f.friend LIKE $2 || '%'")
      .execute(Tuple.of(principalIds.toArray(String[]::new), escapeLike(friendPrefix)))
      .map(FriendsServiceImpl::toFriends);
  }

  @Override
  public Future<List<FriendInfo>> getFriendsByPrincipalPrefix(String principalPrefix) {
    return pool.preparedQuery(SELECT_WITH_CONVERSE + " WHERE f.principal_id LIKE $1 || '%'")
      .execute(Tuple.of(escapeLike(principalPrefix)))
      .map(FriendsServiceImpl::toFriends);
  }

  @Override
  public Future<Void> storeFriend(String principalId, String friend, int flags) {
    // Both sides are a user: a bare UUID (ours) or a universal user identifier (foreign).
    if (Uui.parse(principalId).isEmpty() || Uui.parse(friend).isEmpty()) {
      return ServiceErrors.badInput("principalId and friend must each be a UUID or a universal user identifier");
    }
    if (principalId.length() > 255 || friend.length() > 255) {
      return ServiceErrors.badInput("principalId and friend are at most 255 characters");
    }
    return thenTell(pool.preparedQuery(UPSERT).execute(Tuple.of(principalId, friend, flags))
      .mapEmpty(), principalId, friend);
  }

  @Override
  public Future<Void> storeFriendship(String localId, String friend, int flags) {
    if (Uui.parse(localId).isEmpty() || Uui.parse(friend).isEmpty()
      || localId.length() > 255 || friend.length() > 255) {
      return ServiceErrors.badInput("localId and friend must each be a UUID or a universal user identifier");
    }
    return thenTell(pool.withTransaction(conn -> conn.preparedQuery(UPSERT).execute(Tuple.of(localId, friend, flags))
      .compose(v -> conn.preparedQuery(UPSERT).execute(Tuple.of(friend, localId, flags))))
      .mapEmpty(), localId, friend);
  }

  @Override
  public Future<Boolean> deleteFriend(String principalId, String friend) {
    return thenTell(pool.preparedQuery("DELETE FROM friends WHERE principal_id = $1 AND friend = $2")
      .execute(Tuple.of(principalId, friend))
      .map(rows -> rows.rowCount() > 0), principalId, friend);
  }

  @Override
  public Future<Boolean> deleteFriendship(String principalId, String friend) {
    return thenTell(pool.preparedQuery("DELETE FROM friends WHERE (principal_id = $1 AND friend = $2)"
        + " OR (principal_id = $2 AND friend = $1)")
      .execute(Tuple.of(principalId, friend))
      .map(rows -> rows.rowCount() > 0), principalId, friend);
  }

  @Override
  public Future<Integer> pendingOffers(String principalId) {
    return pool.preparedQuery("SELECT count(*) AS pending FROM friends f WHERE f.principal_id = $1 AND "
        + PENDING_OFFER + " AND f.offered_at > now() - make_interval(days => $2)")
      .execute(Tuple.of(principalId, offerDays))
      .map(rows -> rows.iterator().next().getLong("pending").intValue());
  }

  @Override
  public Future<String> storeOffer(String principalId, String friend) {
    Optional<Uui> offerer = Uui.parse(friend);
    if (Uui.parse(principalId).isEmpty() || offerer.isEmpty() || principalId.length() > 255 || friend.length() > 255) {
      return ServiceErrors.badInput("principalId must be a UUID and friend a universal user identifier");
    }
    String offererId = offerer.get().id();
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT true FROM pg_advisory_xact_lock(hashtext('offers ' || $1))")
        .execute(Tuple.of(principalId))
        .compose(locked -> conn.preparedQuery("SELECT"
            + " EXISTS (SELECT 1 FROM friends WHERE principal_id = $1 AND (friend = $2 OR friend LIKE $2 || ';%')) AS known,"
            + " (SELECT count(*) FROM friends f WHERE f.principal_id = $1 AND " + PENDING_OFFER
            + " AND f.offered_at > now() - make_interval(days => $3)) AS pending")
          .execute(Tuple.of(principalId, offererId, offerDays)))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (row.getBoolean("known")) {
            return Future.succeededFuture(OFFER_KNOWN);
          }
          if (row.getLong("pending") >= maxPendingOffers) {
            return Future.succeededFuture(OFFER_FULL);
          }
          return conn.preparedQuery("INSERT INTO friends (principal_id, friend, flags, offered_at)"
              + " VALUES ($1, $2, 0, now())")
            .execute(Tuple.of(principalId, friend)).map(OFFER_STORED);
        }))
      .compose(outcome -> OFFER_STORED.equals(outcome) ? changed.apply(List.of(principalId)).map(outcome)
        : Future.succeededFuture(outcome));
  }

  /** Deletes offers older than their days that nobody answered; the number deleted. */
  public Future<Integer> deleteExpiredOffers() {
    return pool.preparedQuery("DELETE FROM friends f WHERE f.offered_at < now() - make_interval(days => $1) AND "
        + PENDING_OFFER + " RETURNING f.principal_id")
      .execute(Tuple.of(offerDays))
      .compose(rows -> {
        Set<String> principals = new HashSet<>();
        rows.forEach(row -> principals.add(row.getString("principal_id")));
        return changed.apply(ourUsers(principals.toArray(String[]::new))).map(rows.rowCount());
      });
  }

  private static List<FriendInfo> toFriends(RowSet<Row> rows) {
    List<FriendInfo> friends = new ArrayList<>(rows.size());
    for (Row row : rows) {
      friends.add(new FriendInfo()
        .setPrincipalId(row.getString("principal_id"))
        .setFriend(row.getString("friend"))
        .setMyFlags(row.getInteger("flags"))
        .setTheirFlags(row.getInteger("their_flags")));
    }
    return friends;
  }

  private static String escapeLike(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
