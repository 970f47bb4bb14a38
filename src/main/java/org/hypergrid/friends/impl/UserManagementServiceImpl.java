package org.hypergrid.friends.impl;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.friends.api.UserAccount;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.clients.UserAgentConnector;
import org.hypergrid.friends.engine.GridMetrics;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts of our users and everybody's service URLs. Ours come from the grid's configuration;
 * a foreign user's are asked of their home grid once and cached in PostgreSQL until they expire.
 */
public class UserManagementServiceImpl implements UserManagementService {

  private final Pool pool;
  private final JsonObject ourServerUrls;
  private final UserAgentConnector userAgents;
  private final long cacheSeconds;
  private static final int MAX_FAILED_HOMES = 10_000;
  private static final int MAX_ACCOUNTS = 500;
  /** Home grids whose get_server_urls failed lately (each forgotten after failureSeconds). */
  private final Cache<String, Boolean> failedHomes;
  /** Requests to home grids under way, by home and user (bounded by the outbound wait queue). */
  private final Map<String, Future<JsonObject>> inFlight = new ConcurrentHashMap<>();
  private final int maxCachedUsers;
  private final GridMetrics metrics;
  /**
   * Service URLs answered lately, by user: a login asks for one friend's on each foreign grid, so
   * without this every login and logout costs a query per grid. Bounded like the stored ones;
   * an entry lives {@code cacheSeconds} here (so a URL is at most twice that old).
   */
  private final Cache<UUID, JsonObject> answered;
  /** Foreign users whose URLs are stored: counted at each sweep, raised by each user stored since. */
  private final AtomicLong cachedUsers = new AtomicLong();

  /**
   * {@code ourServerUrls}: this grid's URLs without the SRV_ prefix (HomeURI, FriendsServerURI);
   * a home grid that failed to answer is not asked again for {@code failureSeconds}, so a dead grid
   * costs one timeout, not one per login. At most {@code maxCachedUsers} foreign users' URLs are
   * stored; past that they are asked for and answered, not stored.
   */
  public UserManagementServiceImpl(Pool pool, JsonObject ourServerUrls, UserAgentConnector userAgents,
                                   long cacheSeconds, long failureSeconds, int maxCachedUsers, GridMetrics metrics) {
    this.pool = pool;
    this.maxCachedUsers = maxCachedUsers;
    this.metrics = metrics;
    this.ourServerUrls = ourServerUrls;
    this.userAgents = userAgents;
    this.cacheSeconds = cacheSeconds;
    this.failedHomes = Caffeine.newBuilder().maximumSize(MAX_FAILED_HOMES)
      .expireAfterWrite(Duration.ofSeconds(failureSeconds)).build();
    this.answered = Caffeine.newBuilder().maximumSize(Math.max(1, maxCachedUsers))
      .expireAfterWrite(Duration.ofSeconds(cacheSeconds)).build();
  }

  @Override
  public Future<Void> storeAccount(UserAccount account) {
    if (!Uuids.isUuid(account.getUserId()) || isBlank(account.getFirstName()) || isBlank(account.getLastName())) {
      return ServiceErrors.badInput("an account needs a UUID userId, a first and a last name");
    }
    return pool.preparedQuery("INSERT INTO user_accounts (user_id, first_name, last_name) VALUES ($1, $2, $3)"
        + " ON CONFLICT (user_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name")
      .execute(Tuple.of(UUID.fromString(account.getUserId()), account.getFirstName(), account.getLastName()))
      .mapEmpty();
  }

  @Override
  public Future<List<UserAccount>> getAccounts(List<String> userIds) {
    if (userIds.size() > MAX_ACCOUNTS) {
      return ServiceErrors.badInput("at most " + MAX_ACCOUNTS + " users at once");
    }
    UUID[] ids = userIds.stream().filter(Uuids::isUuid).map(UUID::fromString).distinct().toArray(UUID[]::new);
    if (ids.length == 0) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery("SELECT user_id, first_name, last_name FROM user_accounts WHERE user_id = ANY($1)")
      .execute(Tuple.of(ids)).map(rows -> {
        List<UserAccount> accounts = new ArrayList<>();
        rows.forEach(row -> accounts.add(new UserAccount().setUserId(row.getUUID("user_id").toString())
          .setFirstName(row.getString("first_name")).setLastName(row.getString("last_name"))));
        return accounts;
      });
  }

  @Override
  public Future<UserAccount> getAccount(String userId) {
    if (!Uuids.isUuid(userId)) {
      return ServiceErrors.badInput("userId is not a UUID");
    }
    return pool.preparedQuery("SELECT user_id, first_name, last_name FROM user_accounts WHERE user_id = $1")
      .execute(Tuple.of(UUID.fromString(userId)))
      .compose(rows -> {
        if (rows.size() == 0) {
          return ServiceErrors.notFound("no local account " + userId);
        }
        Row row = rows.iterator().next();
        return Future.succeededFuture(new UserAccount().setUserId(row.getUUID("user_id").toString())
          .setFirstName(row.getString("first_name")).setLastName(row.getString("last_name")));
      });
  }

  @Override
  public Future<JsonObject> getServerUrls(String userId, String homeUri) {
    if (!Uuids.isUuid(userId)) {
      return ServiceErrors.badInput("userId is not a UUID");
    }
    UUID id = UUID.fromString(userId);
    JsonObject known = answered.getIfPresent(id);
    if (known != null) {
      return Future.succeededFuture(known.copy());
    }
    return storedServerUrls(id, userId, homeUri).onSuccess(urls -> answered.put(id, urls.copy()));
  }

  private Future<JsonObject> storedServerUrls(UUID id, String userId, String homeUri) {
    // One query answers both "is this our user?" and "do we have their URLs cached?".
    return pool.preparedQuery("SELECT 'local' AS url_key, '' AS url FROM user_accounts WHERE user_id = $1"
        + " UNION ALL SELECT url_key, url FROM user_service_urls"
        + " WHERE user_id = $1 AND fetched_at > now() - make_interval(secs => $2)")
      .execute(Tuple.of(id, (double) cacheSeconds))
      .compose(rows -> {
        JsonObject cached = new JsonObject();
        for (Row row : rows) {
          if ("local".equals(row.getString("url_key")) && row.getString("url").isEmpty()) {
            return Future.succeededFuture(ourServerUrls.copy());
          }
          cached.put(row.getString("url_key"), row.getString("url"));
        }
        if (!cached.isEmpty()) {
          return Future.succeededFuture(cached);
        }
        if (isBlank(homeUri)) {
          return ServiceErrors.notFound("no service URLs known for " + userId + " and no home URI to ask");
        }
        return askHomeOnce(homeUri, userId, id);
      });
  }

  /** Concurrent logins needing the same user's URLs share one request to the home grid. */
  private Future<JsonObject> askHomeOnce(String homeUri, String userId, UUID id) {
    String key = Uui.normalizeHome(homeUri) + " " + id;
    Promise<JsonObject> mine = Promise.promise();
    Future<JsonObject> shared = inFlight.putIfAbsent(key, mine.future());
    if (shared != null) {
      return shared;
    }
    askHome(homeUri, userId).compose(urls -> remember(id, urls))
      .onComplete(done -> inFlight.remove(key, mine.future()))
      .onComplete(mine);
    return mine.future();
  }

  private Future<Map<String, String>> askHome(String homeUri, String userId) {
    String home = Uui.normalizeHome(homeUri);
    if (failedHomes.getIfPresent(home) != null) {
      return ServiceErrors.unavailable(home + " failed to answer get_server_urls lately; not asked again yet");
    }
    return userAgents.getServerUrls(homeUri, userId).onFailure(e -> {
      if (!ServiceErrors.isNotFound(e)) {
        failedHomes.put(home, true);
      }
    });
  }

  private Future<JsonObject> remember(UUID userId, Map<String, String> urls) {
    if (cachedUsers.get() >= maxCachedUsers) {
      metrics.serviceUrlsNotCached();
      return Future.succeededFuture(toJson(urls));
    }
    cachedUsers.incrementAndGet();
    List<Tuple> batch = new ArrayList<>();
    urls.forEach((key, url) -> batch.add(Tuple.of(userId, key, url)));
    // All of a user's URLs or none: one transaction.
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO user_service_urls (user_id, url_key, url,"
        + " fetched_at) VALUES ($1, $2, $3, now()) ON CONFLICT (user_id, url_key)"
        + " DO UPDATE SET url = EXCLUDED.url, fetched_at = now()")
      .executeBatch(batch))
      .map(done -> toJson(urls));
  }

  private static JsonObject toJson(Map<String, String> urls) {
    JsonObject json = new JsonObject();
    urls.forEach(json::put);
    return json;
  }

  /**
   * Deletes service URLs past their cache time (a later use asks the home grid again, as it would
   * anyway) and counts the foreign users left; the number of rows deleted.
   */
  public Future<Integer> deleteStaleUrls() {
    return pool.preparedQuery("DELETE FROM user_service_urls WHERE fetched_at < now() - make_interval(secs => $1)")
      .execute(Tuple.of((double) cacheSeconds))
      .compose(deleted -> pool.query("SELECT count(DISTINCT user_id) AS users FROM user_service_urls").execute()
        .map(rows -> {
          cachedUsers.set(rows.iterator().next().getLong("users"));
          return deleted.rowCount();
        }));
  }

  /** Foreign users whose service URLs are stored. */
  public long cachedUsers() {
    return cachedUsers.get();
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
