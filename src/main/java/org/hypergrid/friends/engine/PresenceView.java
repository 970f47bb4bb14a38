package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.wire.Uuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's copy of the grid's presence: every agent online in any region of the cluster, with
 * the node that owns the session. Regions record and end the sessions they host; each change is
 * applied here at once and published to the other nodes' views, and a node that joins asks every
 * other node for the sessions it owns. Reads never leave the process.
 *
 * <p>One presence per agent: when two sessions of one agent meet, the later login wins on every
 * node alike (login time, then session id), and a superseded session owned here is handed to
 * {@link #onSuperseded} so its region drops it. An entry costs about 140 bytes (UUID keys,
 * shared region and node names), so a million agents fit in ~140 MB on every node.
 */
public final class PresenceView {

  private static final Logger LOG = LoggerFactory.getLogger(PresenceView.class);
  /** Where every node publishes the session changes of its regions. */
  public static final String CHANGES = "hg.presence.changes";
  static final String HELLO = "hg.presence.hello";
  /** The region of a session no region hosts yet: logged in by the login service, not yet reported. */
  public static final String NO_REGION = "00000000-0000-0000-0000-000000000000";
  private static final int SNAPSHOT_CHUNK = 5_000;

  /**
   * A session in one of our regions; {@code nodeId} is the node whose region hosts it;
   * {@code homeUri} is a visitor's home grid (null for our own users).
   */
  public record Session(UUID agentId, UUID sessionId, String regionId, String nodeId, long loginAt, String homeUri) {

    boolean isLaterThan(Session other) {
      return loginAt != other.loginAt ? loginAt > other.loginAt : sessionId.compareTo(other.sessionId) > 0;
    }
  }

  private final Vertx vertx;
  private final String nodeId;
  private final long snapshotWaitMs;
  private final Map<UUID, Session> sessions = new ConcurrentHashMap<>();
  /** Session id → agent id of every session in {@link #sessions}: simulators name sessions, not agents. */
  private final Map<UUID, UUID> agentsBySession = new ConcurrentHashMap<>();
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

  /** {@code snapshotWaitMs}: how long a starting node waits for the others' sessions. */
  public PresenceView(Vertx vertx, String nodeId, long snapshotWaitMs) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.snapshotWaitMs = snapshotWaitMs;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Where superseded sessions owned by this node go (their region drops them). */
  public void onSuperseded(Consumer<Session> handler) {
    this.onSuperseded = handler;
  }

  /**
   * Listens for the other nodes' changes, then asks them for what they own; completes when
   * {@code otherNodes} have answered, or after the snapshot wait.
   */
  public Future<Void> start(int otherNodes) {
    EventBus bus = vertx.eventBus();
    Promise<Void> synced = Promise.promise();
    int[] waiting = {otherNodes};
    consumers.add(bus.<JsonObject>consumer(CHANGES, message -> onChange(message.body())));
    // The snapshot is a pass over every session, written as JSON: on a worker, not the event loop.
    consumers.add(bus.<JsonObject>consumer(HELLO, message -> vertx.executeBlocking(() -> {
      sendSnapshot(message.body().getString("node"));
      return null;
    })));
    consumers.add(bus.<JsonObject>consumer(snapshotAddress(nodeId), message -> {
      JsonObject chunk = message.body();
      for (Object item : chunk.getJsonArray("items")) {
        apply(fromJson((JsonArray) item, chunk.getString("node")));
      }
      if (chunk.getBoolean("last", false) && --waiting[0] <= 0) {
        synced.tryComplete();
      }
    }));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
      .compose(registered -> {
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
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** A region of this node hosts this session now; the session as recorded. */
  public Session record(UUID agentId, UUID sessionId, String regionId, String homeUri) {
    Session session = new Session(agentId, sessionId, name(regionId), nodeId, System.currentTimeMillis(),
      homeUri == null ? null : name(homeUri));
    apply(session);
    vertx.eventBus().publish(CHANGES, new JsonObject().put("op", "up").put("node", nodeId)
      .put("item", toJson(session)));
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
    remove(agentId, sessionId);
    journal.ended(agentId, sessionId);
    vertx.eventBus().publish(CHANGES, new JsonObject().put("op", "down").put("node", nodeId)
      .put("agent", agentId.toString()).put("session", sessionId.toString()));
  }

  public Session find(UUID agentId) {
    return sessions.get(agentId);
  }

  /** The session with this id, wherever it is; null when there is none. */
  public Session findSession(UUID sessionId) {
    UUID agent = agentsBySession.get(sessionId);
    Session session = agent == null ? null : sessions.get(agent);
    return session != null && session.sessionId().equals(sessionId) ? session : null;
  }

  /** The sessions of those of these agents who are online. */
  public List<Session> find(Collection<UUID> agentIds) {
    List<Session> found = new ArrayList<>();
    for (UUID id : agentIds) {
      Session session = sessions.get(id);
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
      Session session = agent != null && asked.add(agent) ? sessions.get(agent) : null;
      if (session != null) {
        found.add(new PresenceInfo().setUserId(session.agentId().toString())
          .setSessionId(session.sessionId().toString()).setRegionId(session.regionId())
          .setNodeId(session.nodeId()).lastSeenAt(session.loginAt()).setHomeUri(session.homeUri()));
      }
    }
    return found;
  }

  /** Forgets every session a departed node owned and hands them back (to tell friends). */
  public List<Session> dropNode(String departed) {
    List<Session> dropped = new ArrayList<>();
    for (Session session : sessions.values()) {
      if (session.nodeId().equals(departed) && sessions.remove(session.agentId(), session)) {
        agentsBySession.remove(session.sessionId(), session.agentId());
        dropped.add(session);
      }
    }
    return dropped;
  }

  public int size() {
    return sessions.size();
  }

  private void onChange(JsonObject change) {
    String from = change.getString("node");
    if (nodeId.equals(from)) {
      return; // applied when it was made
    }
    if ("up".equals(change.getString("op"))) {
      apply(fromJson(change.getJsonArray("item"), from));
    } else {
      remove(UUID.fromString(change.getString("agent")), UUID.fromString(change.getString("session")));
    }
  }

  private void apply(Session incoming) {
    Session[] loser = new Session[1];
    sessions.compute(incoming.agentId(), (id, current) -> {
      if (current == null || current.sessionId().equals(incoming.sessionId())) {
        return incoming;
      }
      boolean incomingWins = incoming.isLaterThan(current);
      loser[0] = incomingWins ? current : incoming;
      return incomingWins ? incoming : current;
    });
    Session kept = sessions.get(incoming.agentId());
    if (kept != null) {
      agentsBySession.put(kept.sessionId(), kept.agentId());
    }
    if (loser[0] != null) {
      agentsBySession.remove(loser[0].sessionId(), loser[0].agentId());
    }
    if (loser[0] != null && loser[0].nodeId().equals(nodeId)) {
      onSuperseded.accept(loser[0]);
    }
  }

  private void remove(UUID agentId, UUID sessionId) {
    sessions.computeIfPresent(agentId, (id, current) -> current.sessionId().equals(sessionId) ? null : current);
    agentsBySession.remove(sessionId, agentId);
  }

  private void sendSnapshot(String toNode) {
    if (toNode == null || toNode.equals(nodeId)) {
      return;
    }
    JsonArray items = new JsonArray();
    for (Session session : sessions.values()) {
      if (session.nodeId().equals(nodeId)) {
        items.add(toJson(session));
        if (items.size() == SNAPSHOT_CHUNK) {
          vertx.eventBus().send(snapshotAddress(toNode), new JsonObject().put("node", nodeId).put("items", items));
          items = new JsonArray();
        }
      }
    }
    vertx.eventBus().send(snapshotAddress(toNode), new JsonObject().put("node", nodeId).put("items", items)
      .put("last", true));
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
