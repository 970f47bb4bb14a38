package org.hypergrid.runtime;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This node's view of the cluster's members: its own id, the live nodes, and an event when a node
 * leaves. The one place that knows the cluster manager (Hazelcast) and Vert.x's internals; every
 * other part of the node asks here. Not clustered, the node is alone and nobody ever leaves.
 */
public final class ClusterView {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
  /** Vert.x names a Hazelcast member by this attribute, not by the member's own UUID. */
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final String nodeId;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private UUID hazelcastListener;

  private record Listener(Context context, Consumer<String> handler) {
  }

  private ClusterView(Vertx vertx) {
    this.vertx = vertx;
    this.cluster = ((VertxInternal) vertx).clusterManager();
    this.nodeId = cluster != null ? cluster.getNodeId() : "local-" + UUID.randomUUID();
  }

  /** The view of the cluster {@code vertx} belongs to; {@link #close} it with the node. */
  public static ClusterView of(Vertx vertx) {
    ClusterView view = new ClusterView(vertx);
    if (view.cluster instanceof HazelcastClusterManager hazelcast) {
      view.hazelcastListener = hazelcast.getHazelcastInstance().getCluster()
        .addMembershipListener(view.new Departures());
    }
    return view;
  }

  /** This node's id (stable for the life of the process; a fresh one per start when not clustered). */
  public String nodeId() {
    return nodeId;
  }

  public boolean isClustered() {
    return cluster != null;
  }

  /** The nodes of the cluster now, this one included. */
  public List<String> liveNodes() {
    return cluster != null ? cluster.getNodes() : List.of(nodeId);
  }

  /** How many nodes the cluster has now, this one included. */
  public int size() {
    return cluster != null ? cluster.getNodes().size() : 1;
  }

  /** True when not clustered, or when every partition of the cluster's data has its backups. */
  public Future<Boolean> isSafe() {
    if (!(cluster instanceof HazelcastClusterManager hazelcast)) {
      return Future.succeededFuture(true);
    }
    return vertx.executeBlocking(() -> hazelcast.getHazelcastInstance().getPartitionService().isClusterSafe(), false);
  }

  /**
   * Calls {@code handler} with a node's id when it leaves the cluster (stopped, died, cut off), on
   * the context of the caller.
   */
  public void onNodeLeft(Consumer<String> handler) {
    listeners.add(new Listener(vertx.getOrCreateContext(), handler));
  }

  /** Stops listening; the cluster manager may already be gone with the node. */
  public void close() {
    listeners.clear();
    if (hazelcastListener != null && cluster instanceof HazelcastClusterManager hazelcast) {
      try {
        hazelcast.getHazelcastInstance().getCluster().removeMembershipListener(hazelcastListener);
      } catch (RuntimeException e) {
        LOG.debug("membership listener already gone with the cluster: {}", e.getMessage());
      }
      hazelcastListener = null;
    }
  }

  /** Hazelcast's own listener: Vert.x keeps the single node listener of its SPI for HA. */
  private final class Departures implements MembershipListener {

    @Override
    public void memberAdded(MembershipEvent event) {
      // A joining node introduces itself (presence asks for sessions at start).
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      String departed = event.getMember().getAttribute(VERTX_NODE_ID);
      if (departed != null) {
        listeners.forEach(listener -> listener.context().runOnContext(v -> listener.handler().accept(departed)));
      }
    }
  }
}
