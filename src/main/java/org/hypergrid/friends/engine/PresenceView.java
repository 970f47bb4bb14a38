package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.runtime.ClusterView;
import org.hypergrid.wire.Uuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.PriorityQueue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * This node's copy of the grid's presence: every agent online in any region of the cluster, with
 * the node that owns the session. Regions record and end the sessions they host; each change is
 * applied here at once and published to the other nodes' views, and a node that joins asks every
 * other node for the sessions it owns. Reads never leave the process. Published at once, a change
 * leaves before the reply that caused it, so the node that asked reads it after that reply;
 * gathered for {@code batchMs} into one message, changes cost fewer messages but lose that order.
 *
 * <p>One presence per agent: when two sessions of one agent meet, the later login wins on every
 * node alike (login time, then session id), and a superseded session owned here is handed to
 * {@link #onSuperseded} so its region drops it. An entry costs about 83 bytes (the session's ids as
 * bits, shared region and node names, a slot in each of two indexes; measured by
 * bench/presence-view.sh), so a million agents fit in ~85 MB on every node.
 */
public final class PresenceView {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceView.class);
  /** Where every node publishes the session changes of its regions. */
  public static final String CHANGES = "hg.presence.changes";
  /** The header of a batch of changes that names the node that sent it. */
  private static final String SENDER = "node";
  static final String HELLO = "hg.presence.hello";
  /** Where one node is asked for the sessions it owns: this, then its id. */
  private static final String HELLO_ONE = "hg.presence.hello.";
  /** Where every node publishes the digest of the sessions it owns, every {@code digestMs}. */
  static final String DIGESTS = "hg.presence.digests";
  /** The region of a session no region hosts yet: logged in by the login service, not yet reported. */
  public static final String NO_REGION = "00000000-0000-0000-0000-000000000000";
  private static final int SNAPSHOT_CHUNK = 5_000;
  /** Changes in one published batch at most (a stopping node ending a million sessions sends many). */
  private static final int MAX_BATCH = 5_000;
  /** How long a repair waits for its owner's answer before the next digest may ask again. */
  private static final long REPAIR_TIMEOUT_MS = 10_000;

  /**
   * A session in one of our regions; {@code nodeId} is the node whose region hosts it;
   * {@code homeUri} is a visitor's home grid (null for our own users). The two ids are kept as
   * their bits, not as UUID objects: 64 bytes a session instead of 104.
   */
  public record Session(long agentMsb, long agentLsb, long sessionMsb, long sessionLsb, String regionId,
                        String nodeId, long loginAt, String homeUri) {

    public Session(UUID agentId, UUID sessionId, String regionId, String nodeId, long loginAt, String homeUri) {
      this(agentId.getMostSignificantBits(), agentId.getLeastSignificantBits(), sessionId.getMostSignificantBits(),
        sessionId.getLeastSignificantBits(), regionId, nodeId, loginAt, homeUri);
    }

    public UUID agentId() {
      return new UUID(agentMsb, agentLsb);
    }

    public UUID sessionId() {
      return new UUID(sessionMsb, sessionLsb);
    }

    boolean isSession(UUID id) {
      return sessionMsb == id.getMostSignificantBits() && sessionLsb == id.getLeastSignificantBits();
    }

    boolean sameSessionAs(Session other) {
      return sessionMsb == other.sessionMsb && sessionLsb == other.sessionLsb;
    }

    @Override
    public String toString() {
      return "Session[agent " + agentId() + ", session " + sessionId() + ", region " + regionId + ", node " + nodeId
        + ", loginAt " + loginAt + (homeUri == null ? "" : ", home " + homeUri) + "]";
    }

    boolean isLaterThan(Session other) {
      return loginAt != other.loginAt ? loginAt > other.loginAt : sessionId().compareTo(other.sessionId()) > 0;
    }

    /** A hash of what an owner and a view must agree on: agent, session, region. */
    long hash() {
      long h = agentMsb * 0x9E3779B97F4A7C15L ^ agentLsb;
      h = (h ^ sessionMsb) * 0xBF58476D1CE4E5B9L ^ sessionLsb;
      h = (h ^ regionId.hashCode()) * 0x94D049BB133111EBL;
      return h ^ (h >>> 31);
    }
  }

  /** The count and sum of hashes of one owner's sessions: kept as sessions come and go, compared in O(1). */
  private static final class OwnerDigest {
    final AtomicLong count = new AtomicLong();
    final AtomicLong sum = new AtomicLong();

    void add(Session session, int sign) {
      count.addAndGet(sign);
      sum.addAndGet(sign * session.hash());
    }
  }

  private final Vertx vertx;
  private final ClusterView cluster;
  private final String nodeId;
  private final long snapshotWaitMs;
  private final long digestMs;
  private final long batchMs;
  private final Counter repairs;
  /**
   * This node's incarnation (its view's start time): every message carries it, and a node's
   * messages from an incarnation older than one seen, or from the incarnation the cluster
   * declared gone, are refused — a node that was away and comes back cannot undo what the
   * others did meanwhile.
   */
  private final long incarnation = System.currentTimeMillis();
  /** The sequence number of this node's last change of its own sessions (carried on each batch and digest). */
  private long ownSeq;
  /**
   * This node's changes not published yet, in order, the last numbered {@link #ownSeq} (under the
   * lock): an "up" is a session as {@link #toJson}, a "down" its agent and session ids.
   */
  private JsonArray unpublished = new JsonArray();
  /** The header naming this node on its batches. */
  private final DeliveryOptions fromHere;
  private final Map<String, Long> incarnations = new ConcurrentHashMap<>();
  /** Node → its membership epoch in the registry, as its digests say (0 before it joined). */
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();
  private volatile LongSupplier ownEpoch = () -> 0;
  /** Node → the incarnation of it that left the cluster: its messages are refused, a later one's taken. */
  private final Map<String, Long> departed = new ConcurrentHashMap<>();
  /** Owner → the sequence number of its last change applied here. */
  private final Map<String, Long> appliedSeq = new ConcurrentHashMap<>();
  /** Owner → count and sum of hashes of the sessions it owns, as this view holds them. */
  private final Map<String, OwnerDigest> digests = new ConcurrentHashMap<>();
  /** Owner → digest rounds in a row its digest differed from ours (or sessions named a node not live). */
  private final Map<String, Integer> suspicions = new ConcurrentHashMap<>();
  /** Owner → the repair asked of it: the sessions received so far, and when it was asked. */
  private final Map<String, Repair> repairing = new ConcurrentHashMap<>();

  /** A repair of one owner's sessions in this view: what the owner sent so far, and when it was asked. */
  private record Repair(Set<UUID> seen, long requestedAt) {
  }
  private long digestTimer = -1;
  private final SessionIndex sessions = new SessionIndex(false);
  /** The sessions of {@link #sessions} by session id: simulators name sessions, not agents. */
  private final SessionIndex bySession = new SessionIndex(true);
  /** One String per region, node and home-grid name, however many sessions and messages name it. */
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private volatile Consumer<Session> onSuperseded = session -> { };
  private volatile OwnSessions journal = OwnSessions.NONE;

  /** Hears the sessions this node records and ends (not those it learns from others). */
  public interface OwnSessions {
    OwnSessions NONE = new OwnSessions() {
      @Override
      public void recorded(Session session) {
      }

      @Override
      public void ended(UUID agentId, UUID sessionId) {
      }
    };

    void recorded(Session session);

    void ended(UUID agentId, UUID sessionId);
  }

  /** Where the sessions this node records and ends are written down. */
  public void journal(OwnSessions journal) {
    this.journal = journal;
  }

  /**
   * {@code snapshotWaitMs}: how long a starting node waits for the others' sessions;
   * {@code digestMs}: how often this node publishes the digest of the sessions it owns;
   * {@code batchMs}: how long its changes are gathered before they are published (0: each at once).
   */
  public PresenceView(Vertx vertx, ClusterView cluster, long snapshotWaitMs, long digestMs, long batchMs,
                      MeterRegistry registry) {
    this.vertx = vertx;
    this.batchMs = batchMs;
    this.cluster = cluster;
    this.nodeId = cluster.nodeId();
    this.fromHere = new DeliveryOptions().addHeader(SENDER, nodeId);
    this.snapshotWaitMs = snapshotWaitMs;
    this.digestMs = digestMs;
    this.repairs = Counter.builder("hg.presence.repairs")
      .description("times this node's presence view was found to differ from an owner's, and repaired")
      .register(registry);
  }

  public String nodeId() {
    return nodeId;
  }

  /** Where superseded sessions owned by this node go (their region drops them). */
  public void onSuperseded(Consumer<Session> handler) {
    this.onSuperseded = handler;
  }

  /**
   * Listens for the other nodes' changes and digests, then asks them for what they own;
   * completes when {@code otherNodes} have answered, or after the snapshot wait. From then on
   * this node publishes the digest of its own sessions every {@code digestMs}, and repairs its
   * copy of any owner whose digest differs from it.
   */
  public Future<Void> start(int otherNodes) {
    EventBus bus = vertx.eventBus();
    Promise<Void> synced = Promise.promise();
    int[] waiting = {otherNodes};
    consumers.add(bus.<Buffer>consumer(CHANGES, message -> {
      if (!nodeId.equals(message.headers().get(SENDER))) {
        onChanges(new JsonObject(message.body()));
      }
    }));
    consumers.add(bus.<JsonObject>consumer(DIGESTS, message -> onDigest(message.body())));
    // The snapshot is a pass over every session, written as JSON: on a worker, not the event loop.
    consumers.add(bus.<JsonObject>consumer(HELLO, message -> vertx.executeBlocking(() -> {
      sendSnapshot(message.body().getString("node"));
      return null;
    })));
    consumers.add(bus.<JsonObject>consumer(HELLO_ONE + nodeId, message -> vertx.executeBlocking(() -> {
      sendSnapshot(message.body().getString("node"));
      return null;
    })));
    consumers.add(bus.<JsonObject>consumer(snapshotAddress(nodeId), message -> {
      JsonObject chunk = message.body();
      if (onSnapshotChunk(chunk) && --waiting[0] <= 0) {
        synced.tryComplete();
      }
    }));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
      .compose(registered -> {
        digestTimer = vertx.setPeriodic(digestMs, t -> publishDigest());
        if (otherNodes <= 0) {
          return Future.succeededFuture();
        }
        bus.publish(HELLO, new JsonObject().put("node", nodeId));
        vertx.setTimer(snapshotWaitMs, t -> {
          if (synced.tryComplete()) {
            LOG.warn("Presence: {} of {} other node(s) did not send their sessions in time", waiting[0], otherNodes);
          }
        });
        return synced.future();
      })
      .onSuccess(v -> LOG.info("Presence view of node {}: {} session(s) known at start", nodeId, sessions.size()));
  }

  public Future<Void> stop() {
    synchronized (this) {
      publishChanges(); // the sessions a stopping node ended are the others' to forget
    }
    vertx.cancelTimer(digestTimer);
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** A region of this node hosts this session now; the session as recorded. */
  public Session record(UUID agentId, UUID sessionId, String regionId, String homeUri) {
    Session session = new Session(agentId, sessionId, name(regionId), nodeId, System.currentTimeMillis(),
      homeUri == null ? null : name(homeUri));
    // One order for applying, numbering and publishing this node's changes: a digest then matches a number.
    synchronized (this) {
      apply(session);
      changed(toJson(session));
    }
    journal.recorded(session);
    return session;
  }

  /**
   * A session another node's region just recorded, as that region answered it: applied here at
   * once, so this node reads its own write before the region's change arrives (which then
   * changes nothing).
   */
  public void learn(UUID agentId, UUID sessionId, String regionId, String ownerNode, long loginAt, String homeUri) {
    apply(new Session(agentId, sessionId, name(regionId), name(ownerNode), loginAt,
      homeUri == null ? null : name(homeUri)));
  }

  /** A region of this node ended this session (logout, stop). */
  public void end(UUID agentId, UUID sessionId) {
    synchronized (this) {
      remove(agentId, sessionId);
      changed(new JsonArray().add(agentId.toString()).add(sessionId.toString()));
    }
    journal.ended(agentId, sessionId);
  }

  /** Numbers a change of this node's own and adds it to the next batch, published within {@code batchMs} (under the lock). */
  private void changed(JsonArray change) {
    ownSeq++;
    unpublished.add(change);
    if (batchMs == 0 || unpublished.size() >= MAX_BATCH) {
      publishChanges();
    } else if (unpublished.size() == 1) {
      vertx.setTimer(batchMs, t -> {
        synchronized (this) {
          publishChanges();
        }
      });
    }
  }

  /**
   * Publishes, as node {@code session.nodeId()} does, that one of its regions recorded this
   * session as its change number {@code seq}: for tests and tools standing in for another node.
   */
  public static void publishRecorded(EventBus bus, Session session, long seq) {
    bus.publish(CHANGES, new JsonObject().put("node", session.nodeId()).put("inc", 0L).put("seq", seq)
      .put("changes", new JsonArray().add(toJson(session))).toBuffer(),
      new DeliveryOptions().addHeader(SENDER, session.nodeId()));
  }

  /**
   * Publishes the changes gathered (under the lock, so batches leave in their numbering's order):
   * with this node, its incarnation and the number of the last change; the first is that number
   * less the batch's size, plus one.
   */
  private void publishChanges() {
    if (unpublished.isEmpty()) {
      return;
    }
    // As bytes, the sender named in a header: this node's own consumer drops its batches unread,
    // where a JSON body would be deep-copied for it.
    vertx.eventBus().publish(CHANGES, new JsonObject().put("node", nodeId).put("inc", incarnation).put("seq", ownSeq)
      .put("changes", unpublished).toBuffer(), fromHere);
    unpublished = new JsonArray();
  }

  public Session find(UUID agentId) {
    return sessions.get(agentId.getMostSignificantBits(), agentId.getLeastSignificantBits());
  }

  /** The session with this id, wherever it is; null when there is none. */
  public Session findSession(UUID sessionId) {
    Session indexed = bySession.get(sessionId.getMostSignificantBits(), sessionId.getLeastSignificantBits());
    Session current = indexed == null ? null : sessions.get(indexed.agentMsb(), indexed.agentLsb());
    return current != null && current.isSession(sessionId) ? current : null;
  }

  /** The sessions of those of these agents who are online. */
  public List<Session> find(Collection<UUID> agentIds) {
    List<Session> found = new ArrayList<>();
    for (UUID id : agentIds) {
      Session session = find(id);
      if (session != null) {
        found.add(session);
      }
    }
    return found;
  }

  /**
   * The sessions of those of these users who are online, as presence answers them; ids that are
   * not UUIDs, and repeats, are skipped. Read in this process: no bus, no store.
   */
  public List<PresenceInfo> sessionsOf(Collection<String> userIds) {
    List<PresenceInfo> found = new ArrayList<>();
    Set<UUID> asked = new HashSet<>();
    for (String id : userIds) {
      UUID agent = Uuids.isUuid(id) ? UUID.fromString(id) : null;
      Session session = agent != null && asked.add(agent) ? find(agent) : null;
      if (session != null) {
        found.add(new PresenceInfo().setUserId(session.agentId().toString())
          .setSessionId(session.sessionId().toString()).setRegionId(session.regionId())
          .setNodeId(session.nodeId()).lastSeenAt(session.loginAt()).setHomeUri(session.homeUri()));
      }
    }
    return found;
  }

  /**
   * Forgets every session a departed node owned and hands them back (to tell friends); that
   * incarnation of the node is refused from now on.
   */
  public List<Session> dropNode(String gone) {
    Long known = incarnations.remove(gone);
    epochs.remove(gone);
    departed.put(gone, known != null ? known : System.currentTimeMillis());
    appliedSeq.remove(gone);
    suspicions.remove(gone);
    repairing.remove(gone);
    return dropSessionsOf(gone, session -> true);
  }

  /** Removes the sessions of {@code owner} that {@code drop} selects: a pass over every session, so on a worker. */
  private List<Session> dropSessionsOf(String owner, Predicate<Session> drop) {
    List<Session> dropped = new ArrayList<>();
    sessions.forEach(session -> {
      if (session.nodeId().equals(owner) && drop.test(session) && sessions.remove(session)) {
        unindex(session);
        dropped.add(session);
      }
    });
    return dropped;
  }

  /** {@link #dropSessionsOf} off the event loop (a million sessions take tens of milliseconds). */
  private Future<List<Session>> dropSessionsLater(String owner, Predicate<Session> drop) {
    return vertx.executeBlocking(() -> dropSessionsOf(owner, drop), false);
  }

  public int size() {
    return sessions.size();
  }

  /** The {@code max} sessions that logged in last, latest first (one pass; for the operator page). */
  public List<Session> latest(int max) {
    PriorityQueue<Session> top = new PriorityQueue<>(Comparator.comparingLong(Session::loginAt));
    sessions.forEach(session -> {
      top.add(session);
      if (top.size() > max) {
        top.poll();
      }
    });
    List<Session> latest = new ArrayList<>(top);
    latest.sort(Comparator.comparingLong(Session::loginAt).reversed());
    return latest;
  }

  /** How many agents are online in each of these regions (one pass; for the operator page). */
  public Map<String, Integer> agentsIn(Set<String> regionIds) {
    Map<String, Integer> counts = new HashMap<>();
    sessions.forEach(session -> {
      if (regionIds.contains(session.regionId())) {
        counts.merge(session.regionId(), 1, Integer::sum);
      }
    });
    return counts;
  }

  /** Where this node's membership epoch is read, for its digests. */
  public void epochSource(LongSupplier epoch) {
    this.ownEpoch = epoch;
  }

  /** A node's membership epoch as its last digest said; 0 when not heard yet. */
  public long epochOf(String node) {
    return epochs.getOrDefault(node, 0L);
  }

  /** True when no owner's sessions are being repaired here, nor suspected of differing from ours. */
  public boolean inSync() {
    return repairing.isEmpty() && suspicions.values().stream().allMatch(rounds -> rounds == 0);
  }

  /** Owners whose sessions this view holds differently from them now, for operators. */
  public JsonObject syncSummary() {
    JsonObject suspected = new JsonObject();
    suspicions.forEach((owner, rounds) -> {
      if (rounds > 0) {
        suspected.put(owner, rounds);
      }
    });
    return new JsonObject().put("inSync", inSync()).put("repairing", new JsonArray(List.copyOf(repairing.keySet())))
      .put("suspected", suspected).put("repairs", (long) repairs.count());
  }

  /**
   * True when a message from {@code from} at incarnation {@code inc} is to be applied: not from
   * an incarnation older than one seen, nor from one that left the cluster. A later incarnation
   * replaces the earlier: whatever that one owned is forgotten.
   */
  private boolean accepts(String from, long inc) {
    if (from == null || nodeId.equals(from)) {
      return false; // our own changes were applied when they were made
    }
    Long gone = departed.get(from);
    if (gone != null && inc <= gone) {
      return false;
    }
    Long known = incarnations.putIfAbsent(from, inc);
    if (known == null || known == inc) {
      return true;
    }
    if (inc < known) {
      return false;
    }
    incarnations.put(from, inc);
    departed.remove(from);
    appliedSeq.remove(from);
    // What the earlier incarnation owned (logged in before this one started) is gone with it.
    dropSessionsLater(from, session -> session.loginAt() < inc);
    return true;
  }

  private void onChanges(JsonObject batch) {
    String from = batch.getString("node");
    if (!accepts(from, batch.getLong("inc", 0L))) {
      return;
    }
    JsonArray changes = batch.getJsonArray("changes");
    long last = batch.getLong("seq");
    long first = last - changes.size() + 1;
    Long before = appliedSeq.get(from);
    if (before != null && last <= before) {
      return; // already held: a snapshot numbered after it arrived first
    }
    appliedSeq.put(from, last);
    if (before != null && first > before + 1) {
      suspicions.merge(from, 1, Integer::sum); // changes went missing: the next digest decides
    }
    // The changes a snapshot numbered after them already brought are skipped.
    for (int i = before == null ? 0 : (int) Math.max(0, before + 1 - first); i < changes.size(); i++) {
      JsonArray change = changes.getJsonArray(i);
      if (change.size() > 2) {
        apply(fromJson(change, from));
      } else {
        remove(UUID.fromString(change.getString(0)), UUID.fromString(change.getString(1)));
      }
    }
  }

  private void apply(Session incoming) {
    Session[] before = new Session[1];
    Session kept = sessions.compute(incoming.agentMsb(), incoming.agentLsb(), current -> {
      before[0] = current;
      if (current == null || current.sameSessionAs(incoming)) {
        return incoming;
      }
      return incoming.isLaterThan(current) ? incoming : current;
    });
    Session previous = before[0];
    if (kept == incoming) {
      if (previous != null) {
        unindex(previous);
      }
      index(incoming);
    }
    Session loser = previous == null || previous.sameSessionAs(incoming) ? null
      : kept == incoming ? previous : incoming;
    if (loser != null && loser.nodeId().equals(nodeId)) {
      onSuperseded.accept(loser);
    }
  }

  private void remove(UUID agentId, UUID sessionId) {
    Session[] removed = new Session[1];
    sessions.compute(agentId.getMostSignificantBits(), agentId.getLeastSignificantBits(), current -> {
      if (current == null || !current.isSession(sessionId)) {
        return current;
      }
      removed[0] = current;
      return null;
    });
    if (removed[0] != null) {
      unindex(removed[0]);
    }
  }

  private void index(Session session) {
    bySession.put(session);
    digests.computeIfAbsent(session.nodeId(), owner -> new OwnerDigest()).add(session, 1);
  }

  private void unindex(Session session) {
    bySession.remove(session);
    digests.computeIfAbsent(session.nodeId(), owner -> new OwnerDigest()).add(session, -1);
  }

  // --- anti-entropy: each owner's digest against this view's copy of its sessions

  private void publishDigest() {
    JsonObject digest;
    synchronized (this) {
      publishChanges(); // the changes the digest counts go first
      OwnerDigest own = digests.get(nodeId);
      digest = new JsonObject().put("node", nodeId).put("inc", incarnation).put("epoch", ownEpoch.getAsLong())
        .put("seq", ownSeq)
        .put("count", own == null ? 0 : own.count.get()).put("sum", own == null ? 0 : own.sum.get());
    }
    vertx.eventBus().publish(DIGESTS, digest);
    forgetOwnersGone();
  }

  private void onDigest(JsonObject digest) {
    String owner = digest.getString("node");
    if (!accepts(owner, digest.getLong("inc", 0L))) {
      return;
    }
    epochs.put(owner, digest.getLong("epoch", 0L));
    if (repairing.containsKey(owner)) {
      return;
    }
    Long applied = appliedSeq.get(owner);
    long seq = digest.getLong("seq", 0L);
    OwnerDigest ours = digests.get(owner);
    boolean same = applied != null && applied == seq
      && (ours == null ? 0 : ours.count.get()) == digest.getLong("count", 0L)
      && (ours == null ? 0 : ours.sum.get()) == digest.getLong("sum", 0L);
    if (same) {
      suspicions.put(owner, 0);
      return;
    }
    if (applied != null && applied > seq) {
      return; // a change overtook the digest: the next one decides
    }
    // Never synced with this incarnation, or two rounds in a row apart: ask the owner for all it owns.
    int rounds = suspicions.merge(owner, 1, Integer::sum);
    if (applied == null || rounds >= 2) {
      LOG.warn("Presence view of node {} differs from node {}'s own ({} session(s) here, {} there); repairing",
        nodeId, owner, ours == null ? 0 : ours.count.get(), digest.getLong("count", 0L));
      repairing.put(owner, new Repair(ConcurrentHashMap.newKeySet(), System.currentTimeMillis()));
      vertx.eventBus().send(HELLO_ONE + owner, new JsonObject().put("node", nodeId));
    }
  }

  /** Sessions naming a node that is not in the cluster for two rounds are forgotten (its departure was missed). */
  private void forgetOwnersGone() {
    List<String> live = cluster.liveNodes();
    digests.forEach((owner, digest) -> {
      if (digest.count.get() > 0 && !live.contains(owner) && !owner.equals(nodeId)
        && suspicions.merge(owner, 1, Integer::sum) >= 2) {
        suspicions.remove(owner);
        dropSessionsLater(owner, session -> true).onSuccess(dropped -> {
          repairs.increment();
          LOG.warn("Presence view of node {} held {} session(s) of node {}, which is not in the cluster; forgotten",
            nodeId, dropped.size(), owner);
        });
      }
    });
    // A repair its owner never answered (it died, the message was lost) is asked again at the next digest.
    long now = System.currentTimeMillis();
    repairing.entrySet().removeIf(entry -> now - entry.getValue().requestedAt() > REPAIR_TIMEOUT_MS);
  }

  /** Applies one chunk of an owner's sessions; true when it was the owner's last. */
  private boolean onSnapshotChunk(JsonObject chunk) {
    String owner = chunk.getString("node");
    if (!accepts(owner, chunk.getLong("inc", 0L))) {
      return chunk.getBoolean("last", false);
    }
    Repair repair = repairing.get(owner);
    for (Object item : chunk.getJsonArray("items")) {
      Session session = fromJson((JsonArray) item, owner);
      apply(session);
      if (repair != null) {
        repair.seen().add(session.agentId());
      }
    }
    if (!chunk.getBoolean("last", false)) {
      return false;
    }
    appliedSeq.merge(owner, chunk.getLong("seq", 0L), Math::max);
    if (repair != null) {
      // A repair: what this view held of the owner, the owner does not hold, and was there before
      // the repair was asked is gone (a login the owner published meanwhile is kept).
      dropSessionsLater(owner, session -> !repair.seen().contains(session.agentId())
          && session.loginAt() < repair.requestedAt())
        .onSuccess(dropped -> {
          repairing.remove(owner, repair);
          suspicions.put(owner, 0);
          repairs.increment();
          LOG.warn("Presence view of node {} repaired from node {}: {} session(s) it owns, {} stale one(s) forgotten",
            nodeId, owner, repair.seen().size(), dropped.size());
        });
    }
    return true;
  }

  private void sendSnapshot(String toNode) {
    if (toNode == null || toNode.equals(nodeId)) {
      return;
    }
    long seq;
    synchronized (this) {
      seq = ownSeq;
    }
    JsonArray[] items = {new JsonArray()};
    sessions.forEach(session -> {
      if (session.nodeId().equals(nodeId)) {
        items[0].add(toJson(session));
        if (items[0].size() == SNAPSHOT_CHUNK) {
          vertx.eventBus().send(snapshotAddress(toNode), new JsonObject().put("node", nodeId).put("inc", incarnation)
            .put("items", items[0]));
          items[0] = new JsonArray();
        }
      }
    });
    vertx.eventBus().send(snapshotAddress(toNode), new JsonObject().put("node", nodeId).put("inc", incarnation)
      .put("items", items[0]).put("seq", seq).put("last", true));
  }

  private static String snapshotAddress(String node) {
    return "hg.presence.snapshot." + node;
  }

  private static JsonArray toJson(Session session) {
    return new JsonArray().add(session.agentId().toString()).add(session.sessionId().toString())
      .add(session.regionId()).add(session.loginAt()).add(session.homeUri());
  }

  private Session fromJson(JsonArray item, String owner) {
    String home = item.size() > 4 ? item.getString(4) : null;
    return new Session(UUID.fromString(item.getString(0)), UUID.fromString(item.getString(1)),
      name(item.getString(2)), name(owner), item.getLong(3), home == null ? null : name(home));
  }

  private String name(String text) {
    return names.computeIfAbsent(text, t -> t);
  }
}
