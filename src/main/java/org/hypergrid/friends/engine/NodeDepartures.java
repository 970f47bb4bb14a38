package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.runtime.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a node leaves the cluster without logging its agents out (kill -9, a partition), every
 * node drops that node's sessions from its presence view, and the sessions' friends are told
 * they went offline from the session journal: a node takes the dead node's journal entries in
 * one statement (so each is taken once, whichever nodes try), tells their friends, and forgets
 * each batch once told. Entries a taker held when it died are taken again at the next departure,
 * so the telling survives the death of the node doing it; a presence service that is briefly
 * unreachable (re-partitioning) is tried again.
 */
public final class NodeDepartures {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDepartures.class);
  /** Agents told at once when a node with many agents dies, so the store is not flooded. */
  private static final int NOTIFY_BATCH = 64;

  private final Vertx vertx;
  private final PresenceView view;
  private final StatusNotifier notifier;
  private final StatusFanout fanout;
  private final PresenceService presence;
  private final long retryMs;
  private volatile ClusterView cluster;
  private volatile boolean stopped;

  /** {@code retryMs}: how long the presence service is tried while it is unreachable. */
  public NodeDepartures(Vertx vertx, PresenceView view, StatusNotifier notifier, StatusFanout fanout,
                        PresenceService presence, long retryMs) {
    this.vertx = vertx;
    this.fanout = fanout;
    this.view = view;
    this.notifier = notifier;
    this.presence = presence;
    this.retryMs = retryMs;
  }

  public void start(ClusterView cluster) {
    this.cluster = cluster;
    cluster.onNodeLeft(departed -> {
      if (!stopped) {
        nodeLeft(departed);
      }
    });
  }

  public void stop() {
    stopped = true;
  }

  void nodeLeft(String departed) {
    // A pass over every session of the grid (a million on a big one): not on the event loop.
    vertx.executeBlocking(() -> view.dropNode(departed)).onSuccess(dropped -> {
      fanout.forgetNode(departed); // once no session names it, nothing sends to it again
      LOG.info("Node {} left the cluster; {} agent(s) it hosted dropped here", departed, dropped.size());
      Map<String, PresenceView.Session> where = new HashMap<>();
      dropped.forEach(session -> where.put(session.agentId().toString(), session));
      tellUnended("Node " + departed + " left the cluster", where);
    });
  }

  /**
   * Takes the journal's sessions of nodes that are gone and tells their agents' friends they
   * left ({@code where}: what this node knew of those sessions, for the operator page).
   */
  public void tellUnended(String why, Map<String, PresenceView.Session> where) {
    UntilReachable.call(vertx, "departures", retryMs,
        () -> presence.takeUnendedSessions(cluster.liveNodes(), view.nodeId()))
      .onSuccess(agents -> {
        if (agents.isEmpty()) {
          LOG.info("{}: no agent left for this node to tell about", why);
          return;
        }
        LOG.warn("{}: {} agent(s) it hosted are offline; telling their friends", why, agents.size());
        tell(agents, 0, where);
      })
      .onFailure(e -> LOG.error("{}: could not take its agents from the journal ({}); the next departure or start"
        + " tries again", why, e.getMessage()));
  }

  private void tell(List<String> agents, int from, Map<String, PresenceView.Session> where) {
    if (from >= agents.size()) {
      return;
    }
    List<String> batch = agents.subList(from, Math.min(agents.size(), from + NOTIFY_BATCH));
    Future.join(batch.stream().map(agent -> {
      PresenceView.Session session = where.get(agent);
      vertx.eventBus().publish(RegionProtocol.AGENT_EVENTS, new JsonObject().put("type", "lost").put("agentId", agent)
        .put("regionId", session == null ? null : session.regionId())
        .put("node", session == null ? null : session.nodeId()).put("at", Instant.now().toString()));
      return notifier.agentChanged(agent, false, event -> { });
    }).toList())
      .onComplete(told -> presence.forgetSessions(List.copyOf(batch), view.nodeId())
        .onFailure(e -> LOG.warn("Journal entries of {} told agent(s) not forgotten: {}", batch.size(), e.getMessage()))
        .onComplete(forgotten -> tell(agents, from + NOTIFY_BATCH, where)));
  }
}
