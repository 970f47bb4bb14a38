package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.List;

/**
 * Tells every node of the cluster that friendships of some of our users changed, and waits
 * until each has dropped them from its {@link FriendshipCache} (or a second has passed): a write
 * is acknowledged only after that, so no node verifies with a row that no longer exists.
 */
public final class FriendshipInvalidation {

  private static final long ACK_TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final String nodeId;
  private final FriendshipCache cache;
  private MessageConsumer<JsonArray> consumer;

  public FriendshipInvalidation(Vertx vertx, String nodeId, FriendshipCache cache) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.cache = cache;
  }

  /** Listens at this node's own address for other nodes' changes. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(address(nodeId), message -> {
      cache.invalidate(message.body().stream().map(String::valueOf).toList());
      message.reply(true);
    });
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Drops these users' rows on every node; completes once all answered or timed out. */
  public Future<Void> changed(List<String> localIds) {
    if (localIds.isEmpty()) {
      return Future.succeededFuture();
    }
    cache.invalidate(localIds);
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    if (cluster == null) {
      return Future.succeededFuture();
    }
    JsonArray ids = new JsonArray(List.copyOf(localIds));
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);
    return Future.join(cluster.getNodes().stream().filter(node -> !node.equals(nodeId))
      // A node that runs no shell (no consumer) answers at once with "no handlers".
      .map(node -> vertx.eventBus().request(address(node), ids, options).otherwiseEmpty()).toList())
      .mapEmpty();
  }

  private static String address(String node) {
    return "hg.friends.invalidate." + node;
  }
}
