package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.hypergrid.runtime.ServiceProxies;

import java.util.List;

/**
 * Friendships of local users. A row says what {@code principalId} grants {@code friend}; the
 * friend is a bare UUID for a local user or a universal user identifier for a foreign one.
 */
@VertxGen
@ProxyGen
public interface FriendsService {

  String ADDRESS = "hg.service.friends";

  /** What {@link #storeOffer} did: stored it, found the offerer in the list already, or found the list of offers full. */
  String OFFER_STORED = "stored";
  String OFFER_KNOWN = "known";
  String OFFER_FULL = "full";

  static FriendsService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, FriendsService.class, ServiceProxies.DEFAULT_TIMEOUT_MS);
  }

  /** Every friend of one principal, with both directions' flags (theirFlags -1: pending). */
  Future<List<FriendInfo>> getFriends(String principalId);

  /**
   * Rows of any of {@code principalIds} whose friend starts with {@code friendPrefix}, in one
   * query: how claimed friendships are verified in batch.
   */
  Future<List<FriendInfo>> findFriendships(List<String> principalIds, String friendPrefix);

  /** Rows whose principal starts with {@code principalPrefix} (a principal may be a UUI). */
  Future<List<FriendInfo>> getFriendsByPrincipalPrefix(String principalPrefix);

  /** Inserts or replaces the row (principalId, friend). */
  Future<Void> storeFriend(String principalId, String friend, int flags);

  /**
   * Both rows of a confirmed friendship, (localId, friend) and its converse (friend, localId),
   * each with {@code flags}, in one transaction: never half a friendship.
   */
  Future<Void> storeFriendship(String localId, String friend, int flags);

  /** Deletes the row (principalId, friend); true when there was one. */
  Future<Boolean> deleteFriend(String principalId, String friend);

  /** Deletes both rows of a friendship at once, so no half of it is left; true when any existed. */
  Future<Boolean> deleteFriendship(String principalId, String friend);

  /** Offers from foreign users waiting for {@code principalId}'s answer; expired ones do not count. */
  Future<Integer> pendingOffers(String principalId);

  /**
   * Stores a foreign user's offer ({@code friend}, their universal user identifier) to our
   * {@code principalId} as a pending row with its time, unless that user is in the list already
   * ({@link #OFFER_KNOWN}) or the pending offers are at their cap ({@link #OFFER_FULL}). Checked
   * and written under one lock per user, so offers arriving together cannot pass the cap.
   */
  Future<String> storeOffer(String principalId, String friend);
}
