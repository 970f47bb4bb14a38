package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.serviceproxy.ServiceException;
import org.hypergrid.friends.api.FriendInfo;
import org.hypergrid.friends.api.FriendRights;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.HGFriendsService;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.StatusReply;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.engine.GridMetrics;
import org.hypergrid.friends.engine.StatusFanout;
import org.hypergrid.runtime.WindowLimiter;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hypergrid friends, hardened: a claimed friendship counts only with the exact foreign user id
 * and the stored secret; a friend is reported online only when they let the foreign user see
 * it; every online friend is told, after the caller has its answer.
 */
public class HGFriendsServiceImpl implements HGFriendsService {

  private static final Logger LOG = LoggerFactory.getLogger(HGFriendsServiceImpl.class);

  private final Vertx vertx;
  private final FriendsService friends;
  private final PresenceService presence;
  private final UserManagementService users;
  private final OfferIntake offers;
  private final StatusFanout fanout;
  private final GridMetrics metrics;
  private final int maxFriends;
  private final WindowLimiter failedVerifications;
  private final FriendshipCache friendships;

  /** {@code failedVerifications}: per claimed foreign user, how many failed claims are too many. */
  public HGFriendsServiceImpl(Vertx vertx, FriendsService friends, PresenceService presence,
                              UserManagementService users, OfferIntake offers, StatusFanout fanout,
                              GridMetrics metrics, int maxFriends, WindowLimiter failedVerifications,
                              FriendshipCache friendships) {
    this.metrics = metrics;
    this.failedVerifications = failedVerifications;
    this.friendships = friendships;
    this.vertx = vertx;
    this.friends = friends;
    this.presence = presence;
    this.users = users;
    this.offers = offers;
    this.fanout = fanout;
    this.maxFriends = maxFriends;
  }

  @Override
  public Future<StatusReply> statusNotification(List<String> friendUuis, String foreignUserId, boolean online) {
    Optional<String> foreignId = Uuids.uuid(foreignUserId);
    if (foreignId.isEmpty()) {
      return ServiceErrors.badInput("userID is not a UUID");
    }
    if (friendUuis.size() > maxFriends) {
      return ServiceErrors.badInput("more than " + maxFriends + " friends in one notification");
    }
    if (failedVerifications.blocked(foreignId.get())) {
      return ServiceException.fail(ServiceErrors.TOO_MANY, "too many failed verifications for " + foreignId.get());
    }
    // One secret per claimed friend; two different secrets claimed for one of our users are a
    // guess, not a friend, and nothing verifies for that user.
    Map<String, String> claims = new LinkedHashMap<>(capacityFor(friendUuis.size()));
    Set<String> guesses = new HashSet<>();
    int unparsable = 0;
    for (String text : friendUuis) {
      Optional<Uui> uui = Uui.parse(text);
      if (uui.isEmpty()) {
        unparsable++; // OpenSim skips these too
        continue;
      }
      String earlier = claims.putIfAbsent(uui.get().id(), uui.get().secret());
      if (earlier != null && !earlier.equals(uui.get().secret())) {
        guesses.add(uui.get().id());
      }
    }
    if (unparsable > 0) {
      LogLimiter.warn(LOG, "unparsable friend entries",
        "statusnotification from {}: {} friend entr(ies) not universal user identifiers, skipped",
        foreignId.get(), unparsable);
    }
    int guessed = guesses.size();
    claims.keySet().removeAll(guesses);
    return verify(claims, foreignId.get()).compose(verified -> whereAbouts(verified.keySet())
      .map(where -> {
        int unverified = guessed + claims.size() - verified.size();
        failedVerifications.count(foreignId.get(), unverified);
        metrics.verificationsFailed(unverified);
        List<String> reply = new ArrayList<>();
        if (online) {
          verified.forEach((localId, canSee) -> {
            if (canSee && where.isOnline(localId)) {
              reply.add(localId);
            }
          });
        }
        // Runs after this future completes, so the caller's reply is written first.
        vertx.runOnContext(v -> fanout.statusChanged(foreignId.get(), online, where.found()));
        return new StatusReply(reply, unverified);
      }));
  }

  /** Local friend id → whether they let the foreign user see them online; only verified rows. */
  private Future<Map<String, Boolean>> verify(Map<String, String> claims, String foreignId) {
    if (claims.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return friendships.find(friends, List.copyOf(claims.keySet()), foreignId).map(rows -> {
      Map<String, Boolean> verified = new HashMap<>(capacityFor(rows.size()));
      String verifiedHome = null;
      for (FriendshipCache.Row found : rows) {
        FriendInfo row = found.info();
        Uui stored = found.friend();
        String localId = row.getPrincipalId().toLowerCase(Locale.ROOT);
        boolean matches = stored != null && stored.id().equals(foreignId)
          && row.getTheirFlags() != FriendRights.PENDING
          && Secrets.matches(stored.secret(), claims.get(localId));
        if (matches) {
          verified.merge(localId, FriendRights.canSeeOnline(row.getMyFlags()), Boolean::logicalOr);
          verifiedHome = stored.homeUri();
        }
      }
      // The grid is the caller's: named once per notification, not once per friend.
      metrics.notificationReceived(verifiedHome == null ? "unverified" : Uui.host(verifiedHome));
      // Keep the caller's order so replies list friends as they were named.
      Map<String, Boolean> ordered = new LinkedHashMap<>(capacityFor(verified.size()));
      claims.keySet().forEach(id -> {
        Boolean canSee = verified.get(id);
        if (canSee != null) {
          ordered.put(id, canSee);
        }
      });
      if (ordered.size() < claims.size()) {
        LogLimiter.warn(LOG, "unverified friendships", "statusnotification from {}: {} of {} claimed friendships verified",
          foreignId, ordered.size(), claims.size());
      }
      return ordered;
    });
  }

  /** A hash map's initial capacity for {@code entries} without growing on the way. */
  private static int capacityFor(int entries) {
    return (int) (entries / 0.75f) + 1;
  }

  /** Where the verified friends are online: here or travelling, one batched query. */
  private Future<Whereabouts> whereAbouts(Set<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture(new Whereabouts(List.of(), Set.of()));
    }
    return presence.locate(List.copyOf(userIds)).map(found -> new Whereabouts(found,
      found.stream().map(PresenceInfo::getUserId).collect(Collectors.toSet())));
  }

  record Whereabouts(List<PresenceInfo> found, Set<String> online) {
    boolean isOnline(String userId) {
      return online.contains(userId);
    }
  }

  @Override
  public Future<Integer> getFriendPerms(String principalId, String friendId, String key, String sessionId) {
    if (!Uuids.isUuid(principalId) || !Uuids.isUuid(friendId)) {
      return ServiceErrors.badInput("PRINCIPALID and FRIENDID must be UUIDs");
    }
    return presence.verifyAgent(principalId, sessionId, key).compose(ok -> !ok
      ? ServiceErrors.badInput("session of " + principalId + " not verified")
      : friends.getFriends(principalId.toLowerCase(Locale.ROOT)).compose(rows -> rows.stream()
        .filter(row -> sameUser(row.getFriend(), friendId))
        .findFirst()
        .map(row -> Future.succeededFuture(row.getTheirFlags()))
        .orElseGet(() -> ServiceErrors.notFound("Friend not found"))));
  }

  @Override
  public Future<Boolean> newFriendship(String principalId, String friend, String key, String sessionId) {
    Optional<Uui> friendUui = Uui.parse(friend);
    if (!Uuids.isUuid(principalId) || friendUui.isEmpty()) {
      return ServiceErrors.badInput("PrincipalID must be a UUID and Friend a universal user identifier");
    }
    String principal = principalId.toLowerCase(Locale.ROOT);
    String friendId = friendUui.get().id();
    return friends.getFriends(principal).compose(existing -> {
      if (existing.stream().anyMatch(row -> sameUser(row.getFriend(), friendId))) {
        return Future.succeededFuture(false);
      }
      return presence.verifyAgent(principal, sessionId, key).compose(verified -> verified
        // A verified traveller's friendship waits for them to confirm it at home.
        ? friends.storeFriend(principal, friend, 0).map(true)
        : acceptPendingOffer(principal, friendId));
    });
  }

  /**
   * Unverified callers may only complete an offer our user already made (theirFlags -1): as
   * OpenSim does, our user's row keeps the offered identifier (the full UUI, with its secret)
   * and the converse row is keyed by that same identifier; both are written in one transaction.
   */
  private Future<Boolean> acceptPendingOffer(String principal, String friendId) {
    return friends.getFriends(friendId).compose(rows -> {
      Optional<FriendInfo> offer = rows.stream()
        .filter(row -> row.getTheirFlags() == FriendRights.PENDING && sameUser(row.getFriend(), principal))
        .findFirst();
      if (offer.isEmpty()) {
        return Future.succeededFuture(false);
      }
      return friends.storeFriendship(friendId, offer.get().getFriend(), FriendRights.CAN_SEE_ONLINE).map(true);
    });
  }

  @Override
  public Future<Boolean> deleteFriendship(String principalId, String friend, String secret) {
    if (secret == null || secret.isEmpty()) {
      return Future.succeededFuture(false);
    }
    Optional<Uui> friendUui = Uui.parse(friend);
    if (!Uuids.isUuid(principalId) || friendUui.isEmpty()) {
      return ServiceErrors.badInput("PrincipalID must be a UUID and Friend start with one");
    }
    String principal = principalId.toLowerCase(Locale.ROOT);
    return friends.getFriends(principal).compose(rows -> {
      Optional<FriendInfo> match = rows.stream().filter(row -> {
        Optional<Uui> stored = Uui.parse(row.getFriend());
        return stored.isPresent() && stored.get().id().equals(friendUui.get().id())
          && Secrets.matches(stored.get().secret(), secret);
      }).findFirst();
      if (match.isEmpty()) {
        return Future.succeededFuture(false);
      }
      return friends.deleteFriendship(principal, match.get().getFriend());
    });
  }

  @Override
  public Future<Boolean> friendshipOffered(String fromId, String toId, String message, String fromName) {
    if (!Uuids.isUuid(fromId) || !Uuids.isUuid(toId) || message == null) {
      return ServiceErrors.badInput("FromID and ToID must be UUIDs and Message present");
    }
    if (!offers.admits(fromName)) {
      return Future.succeededFuture(false);
    }
    String to = toId.toLowerCase(Locale.ROOT);
    return users.getAccount(to)
      .map(account -> {
        vertx.runOnContext(v -> offers.take(fromId.toLowerCase(Locale.ROOT), to, message, fromName));
        return true;
      })
      .recover(failure -> ServiceErrors.isNotFound(failure)
        ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  @Override
  public Future<Boolean> validateFriendshipOffered(String fromId, String toId) {
    if (!Uuids.isUuid(fromId) || !Uuids.isUuid(toId)) {
      return ServiceErrors.badInput("PrincipalID and Friend must be UUIDs");
    }
    return friends.getFriendsByPrincipalPrefix(toId.toLowerCase(Locale.ROOT))
      .map(rows -> rows.stream().anyMatch(row -> row.getTheirFlags() == FriendRights.PENDING
        && sameUser(row.getFriend(), fromId)));
  }

  /** True when a stored friend (UUID or UUI) is this user; compares parsed ids, not prefixes. */
  private static boolean sameUser(String storedFriend, String userId) {
    return Uui.parse(storedFriend).map(uui -> uui.id().equalsIgnoreCase(userId)).orElse(false);
  }
}
