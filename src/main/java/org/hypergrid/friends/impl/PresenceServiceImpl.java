package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.SimulatorRegion;
import org.hypergrid.friends.api.TravelInfo;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who is online where, answered from memory: sessions from this node's presence view (owned by
 * the regions hosting them), travels of our users to other grids from a cache that every node
 * hosting this service loads at start and keeps current (changes are written to PostgreSQL,
 * then published to the others). A travel expires after {@code travelTtlMs}.
 */
public class PresenceServiceImpl implements PresenceService {

  static final String TRAVEL_CHANGES = "hg.presence.travels";

  private final Vertx vertx;
  private final PresenceView view;
  private final Pool pool;
  private final long travelTtlMs;
  private final String origin = UUID.randomUUID().toString();
  /** user id → their travel and when it started. */
  private final Map<String, Travel> travels = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> changes;
  private final LoginSessions sessions;
  private final SessionJournalStore journal;

  private record Travel(TravelInfo info, long startedAt) {
  }

  private PresenceServiceImpl(Vertx vertx, PresenceView view, Pool pool, long travelTtlMs, LoginSessions sessions,
                              long memberStaleMs) {
    this.sessions = sessions;
    this.journal = new SessionJournalStore(pool, memberStaleMs);
    this.vertx = vertx;
    this.view = view;
    this.pool = pool;
    this.travelTtlMs = travelTtlMs;
  }

  /**
   * Loads the unexpired travels (one query) and listens for other nodes' changes. A session the
   * login service opens ends after {@code unplacedMs} unless a region reports it; regions are
   * called within {@code regionTimeoutMs}; {@code tellFriendsOffline} tells an agent's friends it left.
   * A cluster member not seen for {@code memberStaleMs} (and not live) has its journal taken over.
   */
  public static Future<PresenceServiceImpl> create(Vertx vertx, PresenceView view, Pool pool, long travelTtlMs,
                                                   long unplacedMs, long regionTimeoutMs,
                                                   Consumer<String> tellFriendsOffline, long memberStaleMs) {
    PresenceServiceImpl presence = new PresenceServiceImpl(vertx, view, pool, travelTtlMs,
      new LoginSessions(vertx, view, unplacedMs, regionTimeoutMs, tellFriendsOffline), memberStaleMs);
    presence.changes = vertx.eventBus().consumer(TRAVEL_CHANGES, message -> presence.onChange(message.body()));
    return presence.changes.completion()
      .compose(v -> pool.preparedQuery("DELETE FROM travels WHERE started_at < now() - $1 * interval '1 millisecond'")
        .execute(Tuple.of(travelTtlMs)))
      .compose(v -> pool.query("SELECT user_id, session_id, token, grid_uri, region_server_uri, started_at FROM travels")
        .execute())
      .map(rows -> {
        for (Row row : rows) {
          TravelInfo info = new TravelInfo().setUserId(row.getUUID("user_id").toString())
            .setSessionId(row.getUUID("session_id").toString()).setToken(row.getString("token"))
            .setGridUri(row.getString("grid_uri")).setRegionServerUri(row.getString("region_server_uri"));
          presence.travels.put(info.getUserId(), new Travel(info,
            row.getOffsetDateTime("started_at").toInstant().toEpochMilli()));
        }
        return presence;
      });
  }

  public Future<Void> close() {
    return changes.unregister();
  }

  @Override
  public Future<Void> openSession(String userId, String sessionId, String secureSessionId) {
    return sessions.open(userId, sessionId);
  }

  @Override
  public Future<Void> placeSession(String sessionId, String regionId) {
    return sessions.place(sessionId, regionId);
  }

  @Override
  public Future<Boolean> closeSession(String sessionId) {
    return sessions.close(sessionId);
  }

  @Override
  public Future<Void> closeRegion(String regionId) {
    return sessions.closeRegion(regionId);
  }

  @Override
  public Future<PresenceInfo> getSession(String sessionId) {
    return sessions.get(sessionId);
  }

  @Override
  public Future<Void> journalSessions(JsonArray started, JsonArray ended) {
    return journal.write(started, ended);
  }

  @Override
  public Future<List<String>> takeUnendedSessions(List<String> liveNodes, String taker) {
    return journal.take(liveNodes, taker);
  }

  @Override
  public Future<Void> forgetSessions(List<String> agentIds, String taker) {
    return journal.forget(agentIds, taker);
  }

  @Override
  public Future<Void> serveSimulatorRegion(SimulatorRegion region) {
    return sessions.serve(region);
  }

  @Override
  public Future<Void> releaseSimulatorRegion(String regionId) {
    return sessions.release(regionId);
  }

  @Override
  public Future<List<PresenceInfo>> getAgents(List<String> userIds) {
    return Future.succeededFuture(view.sessionsOf(userIds));
  }

  @Override
  public Future<List<PresenceInfo>> locate(List<String> userIds) {
    return getAgents(userIds).map(found -> {
      for (String id : userIds) {
        Travel travel = current(id.toLowerCase());
        if (travel != null) {
          found.add(new PresenceInfo().setUserId(travel.info.getUserId()).setSessionId(travel.info.getSessionId())
            .lastSeenAt(travel.startedAt).setGridUri(travel.info.getGridUri())
            .setRegionServerUri(travel.info.getRegionServerUri()));
        }
      }
      return found;
    });
  }

  @Override
  public Future<Void> reportTravel(TravelInfo travel) {
    if (!Uuids.isUuid(travel.getUserId()) || !Uuids.isUuid(travel.getSessionId())
      || travel.getToken() == null || travel.getToken().isBlank()
      || travel.getGridUri() == null || travel.getGridUri().isBlank()) {
      return ServiceErrors.badInput("a travel needs userId, sessionId (UUIDs), token and gridUri");
    }
    TravelInfo stored = new TravelInfo(travel.toJson()).setUserId(travel.getUserId().toLowerCase())
      .setSessionId(travel.getSessionId().toLowerCase());
    return pool.preparedQuery("INSERT INTO travels (user_id, session_id, token, grid_uri, region_server_uri)"
        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET session_id = EXCLUDED.session_id,"
        + " token = EXCLUDED.token, grid_uri = EXCLUDED.grid_uri,"
        + " region_server_uri = EXCLUDED.region_server_uri, started_at = now()")
      .execute(Tuple.of(UUID.fromString(stored.getUserId()), UUID.fromString(stored.getSessionId()),
        stored.getToken(), stored.getGridUri(), stored.getRegionServerUri()))
      .map(rows -> {
        long now = System.currentTimeMillis();
        travels.put(stored.getUserId(), new Travel(stored, now));
        publish(new JsonObject().put("op", "up").put("travel", stored.toJson()).put("at", now));
        return null;
      });
  }

  @Override
  public Future<Void> endTravel(String userId) {
    if (!Uuids.isUuid(userId)) {
      return ServiceErrors.badInput("endTravel needs a user UUID");
    }
    String id = userId.toLowerCase();
    if (!travels.containsKey(id)) {
      return Future.succeededFuture(); // the common login: nobody was away
    }
    return pool.preparedQuery("DELETE FROM travels WHERE user_id = $1").execute(Tuple.of(UUID.fromString(id)))
      .map(rows -> {
        travels.remove(id);
        publish(new JsonObject().put("op", "down").put("userId", id));
        return null;
      });
  }

  @Override
  public Future<Boolean> verifyAgent(String userId, String sessionId, String token) {
    if (!Uuids.isUuid(userId) || !Uuids.isUuid(sessionId) || token == null || token.isEmpty()) {
      return Future.succeededFuture(false);
    }
    Travel travel = current(userId.toLowerCase());
    return Future.succeededFuture(travel != null && travel.info.getSessionId().equalsIgnoreCase(sessionId)
      && MessageDigest.isEqual(travel.info.getToken().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8)));
  }

  private Travel current(String userId) {
    Travel travel = travels.get(userId);
    if (travel != null && System.currentTimeMillis() - travel.startedAt > travelTtlMs) {
      travels.remove(userId, travel);
      return null;
    }
    return travel;
  }

  private void publish(JsonObject change) {
    vertx.eventBus().publish(TRAVEL_CHANGES, change.put("origin", origin));
  }

  private void onChange(JsonObject change) {
    if (origin.equals(change.getString("origin"))) {
      return;
    }
    if ("up".equals(change.getString("op"))) {
      TravelInfo info = new TravelInfo(change.getJsonObject("travel"));
      travels.put(info.getUserId(), new Travel(info, change.getLong("at")));
    } else {
      travels.remove(change.getString("userId"));
    }
  }

}
