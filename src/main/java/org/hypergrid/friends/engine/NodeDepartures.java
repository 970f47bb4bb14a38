package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.runtime.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When a node leaves the cluster without logging its agents out (kill -9, a partition), every
 * node drops that node's sessions from its presence view, and the sessions' friends are told
 * they went offline from the session journal: a node takes the dead node's journal entries in
 * one statement (so each is taken once, whichever nodes try), tells their friends, and forgets
 * each batch once told. Entries a taker held when it died are taken again at the next departure,
 * so the telling survives the death of the node doing it; a presence service that is briefly
 * unreachable (re-partitioning) is tried again. A graceful stop waits for the telling in flight:
 * entries this node took and told but had not forgotten would otherwise be told again by the next.
 */
public final class NodeDepartures {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDepartures.class);
  /** Agents told together, then forgotten from the journal in one statement. */
  private static final int NOTIFY_BATCH = 64;
  /**
   * Batches told at once: the next starts as soon as one is forgotten, so the look-ups and the
   * notifications of one batch overlap those of the others instead of each batch waiting for its
   * slowest grid. The notifier's own queues bound what reaches the store and each grid at once.
   */
  private static final int BATCHES_AT_ONCE = 8;
  /** How long a graceful stop waits for passes in flight (longer than a foreign grid's timeout). */
  private static final long STOP_WAIT_MS = 10_000;
  /** How soon a departure seen while this node was away is looked at again. */
  private static final long DEFERRED_MS = 500;

  private final Vertx vertx;
  private final PresenceView view;
  private final StatusNotifier notifier;
  private final StatusFanout fanout;
  private final ObserverFeed observers;
  private final PresenceService presence;
  private final long retryMs;
  private final MemberLease lease;
  /** How long a member not fenced must have been unseen before its journal is taken (plus a second). */
  private final long staleMs;
  private volatile ClusterView cluster;
  private volatile boolean stopped;
  /** Passes (take, tell, forget) not finished yet; a graceful stop waits for them. */
  private final Set<Future<Void>> inFlight = ConcurrentHashMap.newKeySet();

  /** {@code retryMs}: how long the presence service is tried while it is unreachable. */
  public NodeDepartures(Vertx vertx, PresenceView view, StatusNotifier notifier, StatusFanout fanout,
                        ObserverFeed observers, PresenceService presence, MemberLease lease, long retryMs,
                        long staleMs) {
    this.observers = observers;
    this.staleMs = staleMs;
    this.vertx = vertx;
    this.lease = lease;
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

  /**
   * No new pass starts; completes once the passes in flight have told and forgotten their agents,
   * or after {@link #STOP_WAIT_MS}, whichever comes first (a stop is never held by a store that is gone).
   */
  public Future<Void> stop() {
    stopped = true;
    if (inFlight.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    long bound = vertx.setTimer(STOP_WAIT_MS, t -> {
      if (done.tryComplete()) {
        LOG.warn("Stopping with {} departure pass(es) unfinished: their agents' friends may be told again at the"
          + " next start", inFlight.size());
      }
    });
    Future.join(List.copyOf(inFlight)).onComplete(all -> {
      vertx.cancelTimer(bound);
      done.tryComplete();
    });
    return done.future();
  }

  void nodeLeft(String departed) {
    if (stopped || lease.isFenced()) {
      return;
    }
    if (!lease.trustsDepartures()) {
      // This node was away itself: the departure is believed only if it turns out to be still a
      // member once settled (otherwise it fences itself, and this is dropped).
      lease.departureSeenWhileAway(departed);
      vertx.setTimer(DEFERRED_MS, t -> nodeLeft(departed));
      return;
    }
    if (cluster.liveNodes().contains(departed)) {
      // Seen leaving while this node was away, and a member again by now (it rejoined): nothing to take.
      LOG.info("Node {} left the cluster and is a member again; its regions and sessions stay its own", departed);
      return;
    }
    // The departed node's epoch is fenced first: it stops acting when it comes back, and only
    // then are its regions and sessions another's. A node the cluster fenced first rejoins instead.
    lease.fence(departed, view.epochOf(departed)).onComplete(fenced -> {
      if (fenced.succeeded() && !fenced.result()) {
        return;
      }
      if (fenced.failed()) {
        LOG.warn("Node {} left, but could not be fenced in the registry ({}); going on", departed,
          fenced.cause().getMessage());
      }
      forget(departed);
    });
  }

  private void forget(String departed) {
    // A pass over every session of the grid (a million on a big one), and a map of the hundreds
    // of thousands dropped: not on the event loop.
    vertx.executeBlocking(() -> {
      Map<String, PresenceView.Session> where = new HashMap<>();
      view.dropNode(departed).forEach(session -> where.put(session.agentId().toString(), session));
      return where;
    }).onSuccess(where -> {
      fanout.forgetNode(departed); // once no session names it, nothing sends to it again
      LOG.info("Node {} left the cluster; {} agent(s) it hosted dropped here", departed, where.size());
      tellUnended("Node " + departed + " left the cluster", where);
    });
  }

  /**
   * Takes the journal's sessions of nodes that are gone and tells their agents' friends they
   * left ({@code where}: what this node knew of those sessions, for the operator page). A holder
   * the registry has not fenced is taken only once it has not been seen for a heartbeat timeout,
   * so this looks once more after that.
   */
  public void tellUnended(String why, Map<String, PresenceView.Session> where) {
    takeAndTell(why, where);
    vertx.setTimer(staleMs, t -> {
      if (!stopped && lease.isActing()) {
        takeAndTell(why, where);
      }
    });
  }

  private void takeAndTell(String why, Map<String, PresenceView.Session> where) {
    Future<Void> pass = UntilReachable.call(vertx, "departures", retryMs,
        () -> presence.takeUnendedSessions(cluster.liveNodes(), view.nodeId()))
      .compose(agents -> {
        if (agents.isEmpty()) {
          LOG.info("{}: no agent left for this node to tell about", why);
          return Future.succeededFuture();
        }
        LOG.warn("{}: {} agent(s) it hosted are offline; telling their friends", why, agents.size());
        List<Future<Void>> batches = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int i = 0; i < BATCHES_AT_ONCE; i++) {
          batches.add(tellNextBatch(agents, next, where));
        }
        return Future.join(batches).<Void>mapEmpty();
      })
      .onFailure(e -> LOG.error("{}: could not take its agents from the journal ({}); the next departure or start"
        + " tries again", why, e.getMessage()));
    inFlight.add(pass);
    pass.onComplete(finished -> inFlight.remove(pass));
  }

  /** Tells the next batch of {@code agents} not yet taken, forgets it, and goes on until none is left. */
  private Future<Void> tellNextBatch(List<String> agents, AtomicInteger next, Map<String, PresenceView.Session> where) {
    int from = next.getAndAdd(NOTIFY_BATCH);
    if (from >= agents.size()) {
      return Future.succeededFuture();
    }
    List<String> batch = agents.subList(from, Math.min(agents.size(), from + NOTIFY_BATCH));
    return Future.join(batch.stream().map(agent -> {
      PresenceView.Session session = where.get(agent);
      observers.publish(RegionProtocol.AGENT_EVENTS, new JsonObject().put("type", "lost").put("agentId", agent)
        .put("regionId", session == null ? null : session.regionId())
        .put("node", session == null ? null : session.nodeId()).put("at", Instant.now().toString()));
      return notifier.agentChanged(agent, false, event -> { });
    }).toList())
      .transform(told -> presence.forgetSessions(List.copyOf(batch), view.nodeId())
        .onFailure(e -> LOG.warn("Journal entries of {} told agent(s) not forgotten: {}", batch.size(), e.getMessage()))
        .transform(forgotten -> tellNextBatch(agents, next, where)));
  }
}
