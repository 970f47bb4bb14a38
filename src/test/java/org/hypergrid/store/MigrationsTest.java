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

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Nodes starting at once against one empty database each apply every migration exactly once. */
class MigrationsTest {

  @Test
  void concurrentStartsApplyEachStepOnce() {
    String uri = TestDatabase.newDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      List<Pool> pools = new ArrayList<>();
      List<Future<Integer>> runs = new ArrayList<>();
      for (int node = 0; node < 4; node++) {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(PgConnectOptions.fromUri(uri))
          .using(vertx).build();
        pools.add(pool);
        runs.add(Migrations.apply(pool));
      }
      await(Future.all(runs));
      int applied = await(pools.get(0).query("SELECT count(*) AS n FROM schema_version").execute())
        .iterator().next().getInteger("n");
      assertEquals(Migrations.STEPS.size(), applied);
      assertEquals(Migrations.STEPS.size(), await(Migrations.apply(pools.get(0))), "a restart applies nothing new");
      assertEquals(applied, await(pools.get(0).query("SELECT count(*) AS n FROM schema_version").execute())
        .iterator().next().getInteger("n"));
    } finally {
      await(vertx.close());
    }
  }
}
