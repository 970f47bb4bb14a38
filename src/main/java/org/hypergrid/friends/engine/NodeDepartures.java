package org.hypergrid.friends.engine;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * When a node leaves the cluster without logging its agents out (kill -9, a partition), every
 * node drops that node's sessions from its presence view, and exactly one node — the first to
 * claim the departure in a cluster-wide map — tells those agents' friends they went offline.
 * Listens to the cluster manager's membership events (Hazelcast's own listener: Vert.x keeps the
 * single node listener of its cluster-manager SPI for HA).
 */
public final class NodeDepartures implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDepartures.class);
  private static final String DEPARTURES = "hg.departures";
  private static final String VERTX_NODE_ID = "__vertx.nodeId";
  private static final long REMEMBER_MS = 3_600_000;
  /** Agents told at once when a node with many agents dies, so the store is not flooded. */
  private static final int NOTIFY_BATCH = 64;

  private final Vertx vertx;
  private final Context context;
  private final PresenceView view;
  private final StatusNotifier notifier;
  private final StatusFanout fanout;
  private HazelcastClusterManager hazelcast;
  private UUID listenerId;

  public NodeDepartures(Vertx vertx, PresenceView view, StatusNotifier notifier, StatusFanout fanout) {
    this.vertx = vertx;
    this.fanout = fanout;
    this.context = vertx.getOrCreateContext();
    this.view = view;
    this.notifier = notifier;
  }

  public void start() {
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    if (cluster instanceof HazelcastClusterManager hz) {
      hazelcast = hz;
      listenerId = hz.getHazelcastInstance().getCluster().addMembershipListener(this);
    }
  }

  public void stop() {
    if (listenerId != null) {
      try {
        hazelcast.getHazelcastInstance().getCluster().removeMembershipListener(listenerId);
      } catch (RuntimeException e) {
        LOG.debug("membership listener already gone with the cluster: {}", e.getMessage());
      }
      listenerId = null;
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    // A joining node asks for sessions itself (PresenceView.start).
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    // Vert.x names a Hazelcast member by this attribute, not by the member's own UUID.
    String departed = event.getMember().getAttribute(VERTX_NODE_ID);
    if (departed != null) {
      context.runOnContext(v -> nodeLeft(departed));
    }
  }

  void nodeLeft(String departed) {
    // A pass over every session of the grid (a million on a big one): not on the event loop.
    vertx.executeBlocking(() -> view.dropNode(departed)).onSuccess(dropped -> {
      fanout.forgetNode(departed); // once no session names it, nothing sends to it again
      decideWhoTells(departed, dropped);
    });
  }

  private void decideWhoTells(String departed, List<PresenceView.Session> dropped) {
    vertx.sharedData().<String, String>getAsyncMap(DEPARTURES)
      .compose(map -> map.putIfAbsent(departed, view.nodeId(), REMEMBER_MS))
      .onFailure(e -> LOG.error("Node {} left with {} agent(s); could not decide who tells their friends: {}",
        departed, dropped.size(), e.getMessage()))
      .onSuccess(previous -> {
        if (dropped.isEmpty()) {
          LOG.info("Node {} left the cluster; it hosted no agents", departed);
          return;
        }
        if (previous != null) {
          LOG.info("Node {} left; {} agent(s) dropped here, node {} tells their friends", departed, dropped.size(),
            previous);
          return;
        }
        LOG.warn("Node {} left the cluster: {} agent(s) it hosted are offline; telling their friends", departed,
          dropped.size());
        tellFriends(dropped, 0);
      });
  }

  private void tellFriends(List<PresenceView.Session> dropped, int from) {
    if (from >= dropped.size()) {
      return;
    }
    List<PresenceView.Session> batch = dropped.subList(from, Math.min(dropped.size(), from + NOTIFY_BATCH));
    Future.join(batch.stream().map(session -> {
      vertx.eventBus().publish(RegionProtocol.AGENT_EVENTS, new JsonObject().put("type", "lost")
        .put("agentId", session.agentId().toString()).put("regionId", session.regionId())
        .put("node", session.nodeId()).put("at", Instant.now().toString()));
      return notifier.agentChanged(session.agentId().toString(), false, event -> { });
    }).toList()).onComplete(done -> tellFriends(dropped, from + NOTIFY_BATCH));
  }

}
