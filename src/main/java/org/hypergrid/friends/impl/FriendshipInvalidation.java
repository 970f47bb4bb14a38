package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import org.hypergrid.runtime.ClusterView;

import java.util.List;

/**
 * Tells every node of the cluster that friendships of some of our users changed, and waits
 * until each has dropped them from its {@link FriendshipCache} (or a second has passed): a write
 * is acknowledged only after that, so no node verifies with a row that no longer exists.
 */
public final class FriendshipInvalidation {


  private final Vertx vertx;
  private final ClusterView cluster;
  private final String nodeId;
  private final long ackTimeoutMs;
  private final FriendshipCache cache;
  private MessageConsumer<JsonArray> consumer;

  /** {@code ackTimeoutMs}: how long a write waits for each other node to drop the rows. */
  public FriendshipInvalidation(Vertx vertx, ClusterView cluster, long ackTimeoutMs, FriendshipCache cache) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.nodeId = cluster.nodeId();
    this.ackTimeoutMs = ackTimeoutMs;
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
    if (!cluster.isClustered()) {
      return Future.succeededFuture();
    }
    JsonArray ids = new JsonArray(List.copyOf(localIds));
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ackTimeoutMs);
    return Future.join(cluster.liveNodes().stream().filter(node -> !node.equals(nodeId))
      // A node that runs no shell (no consumer) answers at once with "no handlers".
      .map(node -> vertx.eventBus().request(address(node), ids, options).otherwiseEmpty()).toList())
      .mapEmpty();
  }

  private static String address(String node) {
    return "hg.friends.invalidate." + node;
  }
}
