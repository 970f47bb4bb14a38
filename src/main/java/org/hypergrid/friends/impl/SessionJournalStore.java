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

  SessionJournalStore(Pool pool) {
    this.pool = pool;
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
    // A session is the taker's to tell when its node, or the node that took it before, is gone.
    return pool.preparedQuery("UPDATE session_journal SET node_id = $2 WHERE (CASE WHEN node_id LIKE '" + TAKEN
        + "%' THEN substr(node_id, " + (TAKEN.length() + 1) + ") ELSE node_id END) <> ALL($1) RETURNING agent_id")
      .execute(Tuple.of(liveNodes.toArray(String[]::new), TAKEN + taker))
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
