package org.hypergrid.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.hypergrid.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Schema tracks: nodes starting at once apply every step of every track exactly once. */
class MigrationsTest {

  static final Schema NOTES = new Schema("notes", List.of(
    "CREATE TABLE notes (id integer PRIMARY KEY)", "ALTER TABLE notes ADD COLUMN body text"));
  static final Schema TAGS = new Schema("tags", List.of("CREATE TABLE tags (name text PRIMARY KEY)"));

  @Test
  void concurrentStartsApplyEachStepOnce() {
    String uri = TestDatabase.newDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      List<Pool> pools = new ArrayList<>();
      List<Future<Map<String, Integer>>> runs = new ArrayList<>();
      for (int node = 0; node < 4; node++) {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(PgConnectOptions.fromUri(uri))
          .using(vertx).build();
        pools.add(pool);
        // Two modules naming the same track apply it once.
        runs.add(Migrations.apply(pool, List.of(NOTES, TAGS, NOTES)));
      }
      await(Future.all(runs));
      assertEquals(2, applied(pools.get(0), "notes"));
      assertEquals(1, applied(pools.get(0), "tags"));
      assertEquals(Map.of("notes", 2, "tags", 1), await(Migrations.apply(pools.get(0), List.of(NOTES, TAGS))),
        "a restart applies nothing new");
      assertEquals(2, applied(pools.get(0), "notes"));
      await(pools.get(0).query("INSERT INTO notes (id, body) VALUES (1, 'kept')").execute());
    } finally {
      await(vertx.close());
    }
  }

  /** A database of the layout before tracks (one schema_version table) keeps its steps as the first track. */
  @Test
  void theOldLayoutBecomesTheFirstTrack() {
    String uri = TestDatabase.newDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(uri)).using(vertx).build();
      await(pool.query("CREATE TABLE schema_version (version integer PRIMARY KEY, "
        + "applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_version (version) VALUES (1); "
        + "CREATE TABLE notes (id integer PRIMARY KEY)").execute());
      Schema legacy = new Schema(Migrations.LEGACY_TRACK, NOTES.steps());
      await(Migrations.apply(pool, List.of(legacy)));
      assertEquals(2, applied(pool, Migrations.LEGACY_TRACK), "only step 2 was applied on top");
      await(pool.query("INSERT INTO notes (id, body) VALUES (1, 'kept')").execute());
    } finally {
      await(vertx.close());
    }
  }

  private static int applied(Pool pool, String track) {
    return await(pool.query("SELECT count(*) AS n FROM schema_tracks WHERE track = '" + track + "'").execute())
      .iterator().next().getInteger("n");
  }
}
