package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.runtime.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * When a node leaves the cluster without logging its agents out (kill -9, a partition), every
 * node drops that node's sessions from its presence view, and exactly one node — the first to
 * claim the departure in a cluster-wide map — tells those agents' friends they went offline.
 */
public final class NodeDepartures {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDepartures.class);
  private static final String DEPARTURES = "hg.departures";
  private static final long REMEMBER_MS = 3_600_000;
  /** Agents told at once when a node with many agents dies, so the store is not flooded. */
  private static final int NOTIFY_BATCH = 64;

  private final Vertx vertx;
  private final PresenceView view;
  private final StatusNotifier notifier;
  private final StatusFanout fanout;
  private volatile boolean stopped;
  private volatile Consumer<PresenceView.Session> onTold = session -> { };

  public NodeDepartures(Vertx vertx, PresenceView view, StatusNotifier notifier, StatusFanout fanout) {
    this.vertx = vertx;
    this.fanout = fanout;
    this.view = view;
    this.notifier = notifier;
  }

  /** Listens for departures, on the caller's context. */
  public void start(ClusterView cluster) {
    cluster.onNodeLeft(departed -> {
      if (!stopped) {
        nodeLeft(departed);
      }
    });
  }

  public void stop() {
    stopped = true;
  }

  /** What to do with each agent once its friends were told (its journal entry goes). */
  public void onTold(Consumer<PresenceView.Session> told) {
    this.onTold = told;
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
      return notifier.agentChanged(session.agentId().toString(), false, event -> { })
        .onComplete(told -> onTold.accept(session));
    }).toList()).onComplete(done -> tellFriends(dropped, from + NOTIFY_BATCH));
  }

}
