package org.hypergrid.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema, as numbered steps per track (each module names its track), applied at start. Each
 * run takes a transaction-scoped advisory lock first, so nodes starting at once apply each step
 * exactly once. A database from before tracks existed had one table {@code schema_version}: its
 * rows become the track {@value #LEGACY_TRACK}.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final long LOCK_KEY = 0x4847_4652_4e44L; // "HGFRND"
  static final String LEGACY_TRACK = "hypergrid";

  private Migrations() {
  }

  /** Applies what each track lacks; answers each track's version afterwards. */
  public static Future<Map<String, Integer>> apply(Pool pool, List<Schema> schemas) {
    return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
      // PostgreSQL's notice "already exists, skipping" on every restart is no news: not sent.
      .compose(locked -> conn.query("SET LOCAL client_min_messages = warning").execute())
      .compose(quiet -> conn.query("CREATE TABLE IF NOT EXISTS schema_tracks (track varchar(64) NOT NULL, "
        + "version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (track, version))")
        .execute())
      .compose(created -> adoptLegacy(conn))
      .compose(adopted -> {
        Map<String, Integer> versions = new LinkedHashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (Schema schema : schemas) {
          if (versions.containsKey(schema.name())) {
            continue;
          }
          versions.put(schema.name(), schema.steps().size());
          chain = chain.compose(v -> conn.preparedQuery(
              "SELECT coalesce(max(version), 0) AS v FROM schema_tracks WHERE track = $1").execute(Tuple.of(schema.name()))
            .compose(rows -> applyFrom(conn, schema, rows.iterator().next().getInteger("v"))));
        }
        return chain.map(v -> versions);
      }));
  }

  private static Future<Void> adoptLegacy(SqlConnection conn) {
    return conn.query("SELECT to_regclass('schema_version') IS NOT NULL AS present").execute()
      .compose(rows -> !rows.iterator().next().getBoolean("present") ? Future.succeededFuture()
        : conn.query("INSERT INTO schema_tracks (track, version, applied_at) SELECT '" + LEGACY_TRACK
          + "', version, applied_at FROM schema_version ON CONFLICT DO NOTHING").execute()
          .compose(copied -> conn.query("DROP TABLE schema_version").execute())
          .onSuccess(dropped -> LOG.info("Schema versions of the old layout kept as track '{}'", LEGACY_TRACK))
          .mapEmpty());
  }

  private static Future<Void> applyFrom(SqlConnection conn, Schema schema, int current) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = current; i < schema.steps().size(); i++) {
      int version = i + 1;
      String sql = schema.steps().get(i);
      chain = chain.compose(v -> conn.query(sql).execute())
        .compose(v -> conn.preparedQuery("INSERT INTO schema_tracks (track, version) VALUES ($1, $2)")
          .execute(Tuple.of(schema.name(), version)))
        .onSuccess(v -> LOG.info("Applied schema migration {} of '{}'", version, schema.name()))
        .mapEmpty();
    }
    return chain;
  }
}
