package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.hypergrid.runtime.ServiceProxies;

import java.util.List;

/**
 * The public Hypergrid friends service (OpenSim's {@code /hgfriends}). Foreign grids call it
 * about friendships between their users and ours.
 */
@VertxGen
@ProxyGen
public interface HGFriendsService {

  String ADDRESS = "hg.service.hgfriends";

  static HGFriendsService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, HGFriendsService.class, ServiceProxies.DEFAULT_TIMEOUT_MS);
  }

  /**
   * A foreign user's status changed. {@code friends} are universal user identifiers of our
   * users as the foreign grid stores them (uuid;home;name;secret). Answers with the ids of those
   * verified friends who are online and let the foreign user see it, and how many claims did not
   * verify; telling their regions happens after the answer and never delays it. Fails with 429
   * while the foreign user has had too many failed verifications.
   */
  Future<StatusReply> statusNotification(List<String> friends, String foreignUserId, boolean online);

  /** The rights {@code friendId} grants our user {@code principalId}; the caller proves the session. */
  Future<Integer> getFriendPerms(String principalId, String friendId, String key, String sessionId);

  Future<Boolean> newFriendship(String principalId, String friend, String key, String sessionId);

  Future<Boolean> deleteFriendship(String principalId, String friend, String secret);

  /** A foreign user offers friendship to our user {@code toId}; true when {@code toId} is ours. */
  Future<Boolean> friendshipOffered(String fromId, String toId, String message, String fromName);

  /** True when our user {@code fromId} has a pending offer to {@code toId}. */
  Future<Boolean> validateFriendshipOffered(String fromId, String toId);
}
