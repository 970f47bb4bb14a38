package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The journal of the sessions nodes hold, in PostgreSQL: what was online survives a node that
 * dies unseen, so its agents' friends can be told at the next start. Taking a dead node's
 * sessions marks them with the taker in one statement, so each is taken once.
 */
final class SessionJournalStore {

  /** A taken session's node: this, then the taker. */
  private static final String TAKEN = "ending:";
  private static final int MAX_BATCH = 10_000;

  private final Pool pool;
  private final long memberStaleMs;

  /** {@code memberStaleMs}: a cluster member not seen for this long may be taken over. */
  SessionJournalStore(Pool pool, long memberStaleMs) {
    this.pool = pool;
    this.memberStaleMs = memberStaleMs;
  }

  Future<Void> write(JsonArray opened, JsonArray closed) {
    if (opened.size() + closed.size() > MAX_BATCH) {
      return ServiceErrors.badInput("at most " + MAX_BATCH + " journal entries at once");
    }
    List<Tuple> ups = new ArrayList<>();
    for (Object entry : opened) {
      JsonObject item = entry instanceof JsonObject object ? object : new JsonObject();
      if (!Uuids.isUuid(item.getString("agent")) || !Uuids.isUuid(item.getString("session"))
        || item.getString("node", "").isEmpty() || item.getString("node").length() > 64) {
        return ServiceErrors.badInput("an opened session needs agent and session UUIDs and a node");
      }
      ups.add(Tuple.of(UUID.fromString(item.getString("agent")), UUID.fromString(item.getString("session")),
        item.getString("node")));
    }
    List<Tuple> downs = new ArrayList<>();
    for (Object entry : closed) {
      JsonObject item = entry instanceof JsonObject object ? object : new JsonObject();
      if (!Uuids.isUuid(item.getString("agent")) || !Uuids.isUuid(item.getString("session"))) {
        return ServiceErrors.badInput("a closed session needs agent and session UUIDs");
      }
      downs.add(Tuple.of(UUID.fromString(item.getString("agent")), UUID.fromString(item.getString("session"))));
    }
    Future<?> written = ups.isEmpty() ? Future.succeededFuture() : pool.preparedQuery("INSERT INTO session_journal"
        + " (agent_id, session_id, node_id) VALUES ($1, $2, $3) ON CONFLICT (agent_id) DO UPDATE"
        + " SET session_id = EXCLUDED.session_id, node_id = EXCLUDED.node_id, recorded_at = now()")
      .executeBatch(ups);
    return written.compose(v -> downs.isEmpty() ? Future.succeededFuture()
        : pool.preparedQuery("DELETE FROM session_journal WHERE agent_id = $1 AND session_id = $2").executeBatch(downs))
      .mapEmpty();
  }

  Future<List<String>> take(List<String> liveNodes, String taker) {
    // A session is the taker's to tell when its holder (its node, or the node that took it
    // before) is gone: not live in the taker's view, and either fenced by the cluster or not seen
    // for a while (a node cut off in a view of its own must not take a live node's sessions). A
    // fenced taker takes nothing.
    String holder = "(CASE WHEN j.node_id LIKE '" + TAKEN + "%' THEN substr(j.node_id, " + (TAKEN.length() + 1)
      + ") ELSE j.node_id END)";
    return pool.preparedQuery("UPDATE session_journal j SET node_id = $2 WHERE " + holder + " <> ALL($1)"
        + " AND NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.node_id = " + holder + " AND NOT m.fenced"
        + " AND m.last_seen > now() - make_interval(secs => $4))"
        + " AND NOT EXISTS (SELECT 1 FROM cluster_members t WHERE t.node_id = $3 AND t.fenced)"
        + " RETURNING agent_id")
      .execute(Tuple.of(liveNodes.toArray(String[]::new), TAKEN + taker, taker, memberStaleMs / 1000.0))
      .map(rows -> {
        List<String> agents = new ArrayList<>();
        rows.forEach(row -> agents.add(row.getUUID("agent_id").toString()));
        return agents;
      });
  }

  Future<Void> forget(List<String> agentIds, String taker) {
    UUID[] ids = agentIds.stream().filter(Uuids::isUuid).map(UUID::fromString).toArray(UUID[]::new);
    return ids.length == 0 ? Future.succeededFuture() : pool.preparedQuery("DELETE FROM session_journal"
        + " WHERE agent_id = ANY($1) AND node_id = $2").execute(Tuple.of(ids, TAKEN + taker)).mapEmpty();
  }
}
