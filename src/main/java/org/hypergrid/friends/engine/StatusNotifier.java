package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.FriendInfo;
import org.hypergrid.friends.api.FriendRights;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.PresenceInfo;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.serviceproxy.ServiceException;
import org.hypergrid.friends.api.StatusReply;
import org.hypergrid.runtime.Bulkhead;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.clients.HGFriendsRemotes;
import org.hypergrid.runtime.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Tells an agent's friends that it logged in or out, from the region hosting it: local friends
 * (and foreign friends visiting us) through their regions, friends at home on other grids with one
 * {@code statusnotification} per grid, all grids at once. On login the agent then gets one
 * "friends online" event with everyone who answered as online. One notifier serves every region
 * of the node; per agent it holds only the change in progress, so that a quick login, logout,
 * login goes out in that order even when the friend look-ups complete out of order.
 */
public class StatusNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(StatusNotifier.class);

  private final FriendsService friends;
  private final PresenceView view;
  private final UserManagementService users;
  private final HGFriendsRemotes remoteGrids;
  private final StatusFanout fanout;
  private final GridMetrics metrics;
  private final StatusCoalescer coalescer;
  /** agent → the end of its latest change's friend look-up; absent when none is in progress. */
  private final Map<String, Future<Void>> turns = new ConcurrentHashMap<>();

  /** {@code coalesceMs}: the window in which one user's changes to one grid are folded (0: never). */
  /**
   * Friend look-ups at once: a burst (a node stopping with 100,000 agents, a login storm) waits
   * here, in order, instead of overflowing the store's wait queue and losing the notifications;
   * up to a million wait (a small closure each), past that a change is refused and logged.
   */
  private static final int LOOKUPS_AT_ONCE = 32;
  private static final int LOOKUPS_WAITING = 1_000_000;
  private final Bulkhead lookups = new Bulkhead(LOOKUPS_AT_ONCE, LOOKUPS_WAITING);
  /**
   * Notifications to one grid at once (each with its look-up of the friend's service URLs), within
   * the outbound pool's connections per host: a burst to one grid waits here (up to
   * {@value #SENDS_WAITING}) instead of overflowing the pool's wait queue. One queue per grid, so a
   * slow grid holds up only its own; the least used are forgotten past {@value #GRIDS_QUEUED} grids.
   */
  private static final int SENDS_AT_ONCE = 16;
  private static final int SENDS_WAITING = 100_000;
  private static final int GRIDS_QUEUED = 1_000;
  private final Cache<String, Bulkhead> sendQueues = Caffeine.newBuilder().maximumSize(GRIDS_QUEUED).build();

  public StatusNotifier(Vertx vertx, FriendsService friends, PresenceView view, UserManagementService users,
                        HGFriendsRemotes remoteGrids, StatusFanout fanout, GridMetrics metrics, long coalesceMs) {
    this.coalescer = new StatusCoalescer(vertx, coalesceMs, metrics);
    this.metrics = metrics;
    this.friends = friends;
    this.view = view;
    this.users = users;
    this.remoteGrids = remoteGrids;
    this.fanout = fanout;
  }

  /** Completes, never failing, with the friends reported online once every grid answered or timed out. */
  public Future<List<String>> agentChanged(String agentId, boolean online, Consumer<JsonObject> toAgent) {
    return inTurn(agentId, rows -> {
      List<FriendInfo> confirmed = rows.stream().filter(row -> row.getTheirFlags() != FriendRights.PENDING).toList();
      // Only friends the agent lets see it are told; any confirmed friend may be seen online.
      List<FriendInfo> allowed = confirmed.stream().filter(row -> FriendRights.canSeeOnline(row.getMyFlags())).toList();
      Future<List<String>> here = notifyHere(agentId, online, confirmed);
      List<Future<List<String>>> calls = new ArrayList<>();
      calls.add(here);
      foreignByGrid(allowed).forEach((home, uuis) -> calls.add(coalescer.submit(agentId, home, online,
        () -> notifyGrid(agentId, online, home, uuis))));
      return Future.join(calls).otherwiseEmpty().map(v -> {
        Set<String> onlineFriends = new LinkedHashSet<>();
        calls.stream().filter(Future::succeeded).forEach(call -> onlineFriends.addAll(call.result()));
        return List.copyOf(onlineFriends);
      });
    })
    .onSuccess(onlineFriends -> {
      if (online) {
        toAgent.accept(new JsonObject().put("type", RegionProtocol.FRIENDS_ONLINE)
          .put("friends", new JsonArray(List.copyOf(onlineFriends))).put("at", Instant.now().toString()));
      }
    })
    .otherwise(e -> {
      LogLimiter.warn(LOG, "status not sent", "status of {} not sent to friends: {}", agentId, e.getMessage());
      return List.of();
    });
  }

  /**
   * Looks the agent's friends up once its earlier change has been handed to the fan-out, and
   * hands this one over right after: grids and regions hear one agent's changes in order.
   */
  private <T> Future<T> inTurn(String agentId, Function<List<FriendInfo>, Future<T>> fanOut) {
    Promise<Void> mine = Promise.promise();
    Future<Void> earlier = turns.put(agentId, mine.future());
    return (earlier == null ? Future.<Void>succeededFuture() : earlier)
      .compose(v -> lookups.run(() -> friends.getFriends(agentId)))
      .transform(rows -> {
        try {
          return rows.succeeded() ? fanOut.apply(rows.result()) : Future.failedFuture(rows.cause());
        } finally {
          turns.remove(agentId, mine.future());
          mine.complete();
        }
      });
  }

  /**
   * Friends in our regions: local friends, and foreign friends visiting us. Tells those the agent
   * lets see it; returns those online here who let the agent see them.
   */
  private Future<List<String>> notifyHere(String agentId, boolean online, List<FriendInfo> confirmed) {
    Map<String, FriendInfo> byId = new LinkedHashMap<>();
    for (FriendInfo row : confirmed) {
      Uui.parse(row.getFriend()).ifPresent(uui -> byId.putIfAbsent(uui.id(), row));
    }
    if (byId.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    // The node's own view of the grid's presence: no bus round-trip per login, wherever it runs.
    List<PresenceInfo> sessions = view.sessionsOf(byId.keySet());
    fanout.notifyRegions(agentId, online, sessions.stream()
      .filter(session -> FriendRights.canSeeOnline(byId.get(session.getUserId()).getMyFlags())).toList());
    return Future.succeededFuture(sessions.stream().map(PresenceInfo::getUserId).distinct()
      .filter(id -> FriendRights.canSeeOnline(byId.get(id).getTheirFlags()))
      .toList());
  }

  /** Foreign friends grouped by their normalised home URI, each as the full stored UUI. */
  private static Map<String, List<String>> foreignByGrid(List<FriendInfo> allowed) {
    Map<String, List<String>> byGrid = new LinkedHashMap<>();
    for (FriendInfo row : allowed) {
      Optional<Uui> uui = Uui.parse(row.getFriend());
      if (uui.isPresent() && uui.get().isForeign()) {
        byGrid.computeIfAbsent(Uui.normalizeHome(uui.get().homeUri()), home -> new ArrayList<>()).add(row.getFriend());
      }
    }
    return byGrid;
  }

  /**
   * One statusnotification to a foreign grid; its FriendsServerURI comes from user management.
   * Both calls wait in the grid's queue: a burst of logins asks a grid for as many users' service
   * URLs as it sends notifications, and unqueued those overflowed the connection pool's wait queue
   * (the statuses were lost, and the grid was then taken for one that fails).
   */
  private Future<List<String>> notifyGrid(String agentId, boolean online, String home, List<String> uuis) {
    String firstFriend = Uui.parse(uuis.get(0)).map(Uui::id).orElseThrow();
    return sendsTo(home).run(() -> users.getServerUrls(firstFriend, home)
      .compose(urls -> {
        String friendsServer = urls.getString("FriendsServerURI", "");
        if (friendsServer.isBlank()) {
          return Future.failedFuture("no FriendsServerURI for " + home);
        }
        return remoteGrids.forGrid(friendsServer).statusNotification(uuis, agentId, online);
      }))
      .map(StatusReply::getOnline)
      // Counted whatever failed: the home grid's lookup, the policy, the circuit or the call.
      .onComplete(done -> metrics.notificationSent(Uui.host(home), done.succeeded() ? GridMetrics.SentOutcome.SENT
        : outcomeOf(done.cause())))
      .onFailure(e -> {
        metrics.problems().record("notification failed", Uui.host(home), outcomeOf(e).label().replace('_', ' ')
          + ": " + e.getMessage());
        LogLimiter.warn(LOG, "grid not sent", "status of {} to {} friend(s) at {} not sent: {}", agentId, uuis.size(),
          home, e.getMessage());
      });
  }

  private Bulkhead sendsTo(String home) {
    return sendQueues.get(home, grid -> new Bulkhead(SENDS_AT_ONCE, SENDS_WAITING));
  }

  private static GridMetrics.SentOutcome outcomeOf(Throwable failure) {
    if (failure instanceof OpenCircuitException) {
      return GridMetrics.SentOutcome.CIRCUIT_OPEN;
    }
    if (failure instanceof ServiceException refused && refused.failureCode() == ServiceErrors.FORBIDDEN) {
      return GridMetrics.SentOutcome.REFUSED_BY_POLICY;
    }
    return GridMetrics.SentOutcome.FAILED;
  }
}
