package org.hypergrid.friends.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.serviceproxy.ServiceInterceptor;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.runtime.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * This node's membership of the cluster, fenced by the registry. The node joins with a new epoch
 * (the registry's {@code cluster_members} row), and acts on what it owns — serves its regions,
 * tells departures, claims — only while its lease holds: confirmed by the registry within the
 * last {@code leaseMs}. The lease is shorter than the cluster's heartbeat timeout, so a node that
 * stalls (GC pause, frozen VM, SIGSTOP) stops acting before the others may declare it gone.
 *
 * <p>A node fences itself, and rejoins as a new member, when the registry says the cluster fenced
 * it, when it stalled for a heartbeat timeout (the others have declared it gone), or when it sees
 * others leave while it was stalled itself (it is the one that was away: departures it saw then
 * are not believed). Not clustered, a node is alone and always acts.
 */
public final class MemberLease {

  private static final Logger LOG = LoggerFactory.getLogger(MemberLease.class);
  /** How often the event loop is looked at for stalls. */
  private static final long TICK_MS = 250;
  /** How often a starting node asks whether the cluster's view has merged with the registry's. */
  private static final long MERGE_POLL_MS = 500;
  /** How many heartbeat timeouts a node back from a stall waits for those it saw leave to show they live. */
  private static final int JUDGE_WITHIN_TIMEOUTS = 3;

  private final Vertx vertx;
  private final GridService grid;
  private final ClusterView cluster;
  private final MembershipSettings settings;
  private final Consumer<String> rejoin;
  private final Counter fences;
  private volatile long epoch;
  private volatile boolean fenced;
  private volatile boolean handedOver;
  /** {@link System#nanoTime()} until which the last confirmation holds. */
  private volatile long confirmedUntil;
  /** {@link System#nanoTime()} before which no confirmation is asked: the cluster is settling after a stall. */
  private volatile long settledAt;
  private volatile boolean sawDeparturesWhileAway;
  /** {@link System#nanoTime()} when this node last came back from a stall. */
  private long resumedAt;
  private final Set<String> seenLeavingWhileAway = ConcurrentHashMap.newKeySet();
  private long lastTick;
  private long lastConfirm;
  private boolean confirming;
  private long ticker = -1;
  private boolean waitingToldOnce;

  /** {@code rejoin}: leaves this node's state and starts it again as a new member (with why). */
  public MemberLease(Vertx vertx, GridService grid, ClusterView cluster, MembershipSettings settings,
                     Consumer<String> rejoin, MeterRegistry registry) {
    this.vertx = vertx;
    this.grid = grid;
    this.cluster = cluster;
    this.settings = settings;
    this.rejoin = rejoin;
    this.fences = Counter.builder("hg.cluster.fenced").description("times this node found itself fenced and rejoined")
      .register(registry);
  }

  /**
   * Waits (within {@code waitMs}) until every member the registry has seen lately is in this
   * node's view of the cluster — a node that rejoins after a partition acts on a merged view —
   * then joins with a new epoch.
   */
  public Future<Void> start(long waitMs) {
    if (!cluster.isClustered()) {
      return Future.succeededFuture();
    }
    long deadline = System.currentTimeMillis() + waitMs;
    return UntilReachable.call(vertx, "cluster membership", waitMs, this::viewHoldsLiveMembers)
      .compose(merged -> awaitMerged(merged, deadline))
      .compose(v -> UntilReachable.call(vertx, "cluster membership", waitMs, () -> grid.joinCluster(cluster.nodeId())))
      .map(joined -> {
        epoch = joined;
        lastTick = System.nanoTime();
        confirmedUntil = lastTick + TimeUnit.MILLISECONDS.toNanos(settings.leaseMs());
        settledAt = lastTick;
        resumedAt = lastTick;
        lastConfirm = lastTick;
        ticker = vertx.setPeriodic(TICK_MS, t -> tick());
        LOG.info("Node {} joined the cluster at epoch {}", cluster.nodeId(), joined);
        return null;
      });
  }

  private Future<Void> awaitMerged(boolean merged, long deadline) {
    if (merged || System.currentTimeMillis() > deadline) {
      return Future.succeededFuture();
    }
    Promise<Void> later = Promise.promise();
    vertx.setTimer(MERGE_POLL_MS, t -> viewHoldsLiveMembers().otherwise(false)
      .compose(now -> awaitMerged(now, deadline)).onComplete(later));
    return later.future();
  }

  private Future<Boolean> viewHoldsLiveMembers() {
    return grid.liveMembers(settings.leaseMs()).map(members -> {
      Set<String> missing = new HashSet<>(members);
      missing.removeAll(cluster.liveNodes());
      missing.remove(cluster.nodeId());
      if (!missing.isEmpty() && !waitingToldOnce) {
        waitingToldOnce = true;
        LOG.info("Waiting for the cluster to merge: {} live member(s) not in this node's view yet", missing.size());
      }
      return missing.isEmpty();
    });
  }

  public void stop() {
    if (ticker >= 0) {
      vertx.cancelTimer(ticker);
      ticker = -1;
    }
  }

  /** True while this node may act on what it owns: not fenced, and its lease holds. */
  public boolean isActing() {
    return !cluster.isClustered() || (!fenced && System.nanoTime() - confirmedUntil < 0);
  }

  /** True once this node stopped acting for good: it lets go of what it held and rejoins as a new member. */
  public boolean isFenced() {
    return fenced;
  }

  public long epoch() {
    return epoch;
  }

  /**
   * True when this node may believe that another left: it has not stalled lately itself (a node
   * that was away sees everyone else leave).
   */
  public boolean trustsDepartures() {
    return !cluster.isClustered()
      || (!fenced && !sawDeparturesWhileAway && System.nanoTime() - settledAt >= 0 && !stalledNow());
  }

  /**
   * Another node left while this one was away (stalled, settling): this one, not they, is likely
   * the one the cluster lost; it fences itself once it has settled instead of believing it.
   */
  public void departureSeenWhileAway(String departed) {
    if (seenLeavingWhileAway.add(departed)) {
      LOG.warn("Node {} saw node {} leave while it was away itself; not believed yet", cluster.nodeId(), departed);
    }
    sawDeparturesWhileAway = true;
  }

  /**
   * The cluster declared {@code departed} gone: its epoch {@code departedEpoch} (as last heard; 0:
   * whichever is current) is fenced in the registry — a later epoch, the node back as a new member,
   * is not. Answers false when this node is the fenced one (it then rejoins).
   */
  public Future<Boolean> fence(String departed, long departedEpoch) {
    if (!cluster.isClustered()) {
      return Future.succeededFuture(true);
    }
    return UntilReachable.call(vertx, "fencing " + departed, settings.heartbeatTimeoutMs(),
        () -> grid.fenceMember(departed, departedEpoch, cluster.nodeId(), epoch))
      .onSuccess(fencedIt -> {
        if (!fencedIt) {
          fenceSelf("the cluster fenced this node first");
        }
      });
  }

  /**
   * Stops acting at once and rejoins as a new member. What this node held is handed over
   * silently when the registry shows the cluster took it (this epoch is fenced: the others tell
   * its agents' friends from the journal); otherwise — the node left on its own, or the registry
   * cannot say — its regions let go normally first (agents log out, friends told), so no agent
   * stays online who is not.
   */
  public void fenceSelf(String why) {
    if (fenced) {
      return;
    }
    fenced = true;
    fences.increment();
    stop();
    LOG.error("Node {} (epoch {}) stops acting: {}", cluster.nodeId(), epoch, why);
    askRegistryAndRejoin(why);
  }

  /** The registry decides how this node lets go; asked until it answers (the node does nothing meanwhile). */
  private void askRegistryAndRejoin(String why) {
    grid.confirmMember(cluster.nodeId(), epoch).onComplete(asked -> {
      if (asked.failed()) {
        LOG.warn("Node {}: the registry does not answer ({}); asking again before letting go", cluster.nodeId(),
          asked.cause().getMessage());
        vertx.setTimer(settings.confirmMs(), t -> askRegistryAndRejoin(why));
        return;
      }
      handedOver = !asked.result();
      LOG.warn("Node {} {}, and rejoins the cluster as a new member", cluster.nodeId(), handedOver
        ? "lets go of its regions and sessions silently (the cluster has taken them and told their friends)"
        : "logs its agents out and lets go of its regions (nobody has taken them)");
      rejoin.accept(why);
    });
  }

  /** True when this node was fenced and the cluster took what it held: it lets go without a word. */
  public boolean handedOver() {
    return fenced && handedOver;
  }

  /**
   * For region bindings: a request reaching a region of this node while it may not act is
   * refused (503), so a stalled or fenced node never answers for a region another may serve.
   */
  public ServiceInterceptor guard() {
    return (vertx, context, message) -> isActing() ? Future.succeededFuture(message)
      : Future.failedFuture(new ServiceException(503, "node " + cluster.nodeId()
        + " is not confirmed as a member of the cluster now (stalled or fenced); try again"));
  }

  private boolean stalledNow() {
    return System.nanoTime() - lastTick > TimeUnit.MILLISECONDS.toNanos(settings.stallMs());
  }

  private void tick() {
    long now = System.nanoTime();
    long silentMs = TimeUnit.NANOSECONDS.toMillis(now - lastTick);
    lastTick = now;
    if (fenced) {
      return;
    }
    if (silentMs >= settings.heartbeatTimeoutMs()) {
      fenceSelf("its event loop stalled for " + silentMs + " ms, past the cluster's heartbeat timeout");
      return;
    }
    if (silentMs >= settings.stallMs()) {
      // Others may be declaring this node gone right now: wait until they would have, then ask.
      confirmedUntil = now;
      resumedAt = now;
      settledAt = now + TimeUnit.MILLISECONDS.toNanos(settings.heartbeatTimeoutMs());
      LOG.warn("Node {}: event loop stalled for {} ms; not acting until the cluster has settled", cluster.nodeId(),
        silentMs);
      return;
    }
    if (now - settledAt < 0) {
      return;
    }
    if (sawDeparturesWhileAway) {
      judgeDeparturesSeenWhileAway(now);
      return;
    }
    if (!confirming && now - lastConfirm >= TimeUnit.MILLISECONDS.toNanos(settings.confirmMs())) {
      confirm(now);
    }
  }

  /**
   * The nodes this one saw leave while it was away. When the registry saw one of them confirm
   * since this node came back, the cluster split and this node is the one cut off: it fences
   * itself. When none confirmed within a few heartbeat timeouts (time for the halves to merge and
   * confirm), they did leave, and the departures are believed.
   */
  private void judgeDeparturesSeenWhileAway(long now) {
    if (confirming) {
      return;
    }
    confirming = true;
    long backForMs = TimeUnit.NANOSECONDS.toMillis(now - resumedAt);
    grid.liveMembers(backForMs).onComplete(live -> {
      confirming = false;
      if (live.failed() || fenced) {
        return; // asked again at the next tick
      }
      List<String> stillLive = live.result().stream().filter(seenLeavingWhileAway::contains).toList();
      if (!stillLive.isEmpty()) {
        fenceSelf("it saw node(s) " + stillLive + " leave while it was away, and they are live: this node is the"
          + " one the cluster lost");
      } else if (backForMs >= JUDGE_WITHIN_TIMEOUTS * settings.heartbeatTimeoutMs()) {
        LOG.info("Node {}: node(s) {} it saw leave while away are gone indeed", cluster.nodeId(), seenLeavingWhileAway);
        seenLeavingWhileAway.clear();
        sawDeparturesWhileAway = false;
      }
    });
  }

  private void confirm(long askedAt) {
    confirming = true;
    lastConfirm = askedAt;
    grid.confirmMember(cluster.nodeId(), epoch).onComplete(done -> {
      confirming = false;
      if (fenced || askedAt - resumedAt < 0) {
        return; // asked before this node stalled: the answer says nothing of now
      }
      if (done.succeeded() && done.result()) {
        confirmedUntil = askedAt + TimeUnit.MILLISECONDS.toNanos(settings.leaseMs());
      } else if (done.succeeded()) {
        fenceSelf("the cluster declared it gone (its epoch " + epoch + " is fenced in the registry)");
      }
      // Not reachable: the lease runs out by itself, and the node stops acting until it is.
    });
  }

  /** What operators see of this node's membership. */
  public JsonObject summary() {
    return new JsonObject().put("epoch", epoch).put("fenced", fenced).put("acting", isActing());
  }
}
