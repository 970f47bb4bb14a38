package org.hypergrid.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.List;

/**
 * Where the store is, from the {@code storage} section of the config: an external PostgreSQL
 * ({@code uri}, or the PG* environment variables), else the embedded server on
 * {@code embeddedPort} that the shell started.
 */
public final class Database {

  private Database() {
  }

  /** True when the config names no external server, so the shell must start the embedded one. */
  public static boolean usesEmbedded(JsonObject storage) {
    return storage.getString("uri", "").isBlank() && System.getenv("PGHOST") == null;
  }

  public static PgConnectOptions connectOptions(JsonObject storage) {
    String uri = storage.getString("uri", "");
    PgConnectOptions options;
    if (!uri.isBlank()) {
      options = PgConnectOptions.fromUri(uri);
    } else if (System.getenv("PGHOST") != null) {
      options = PgConnectOptions.fromEnv();
    } else {
      options = new PgConnectOptions().setHost("127.0.0.1").setPort(storage.getInteger("embeddedPort"))
        .setDatabase("postgres").setUser("postgres").setPassword("postgres");
    }
    return options.setCachePreparedStatements(true).setReconnectAttempts(3).setReconnectInterval(500);
  }

  /** The node's pool: the shell opens it once and hands it to every service it hosts. */
  public static Pool pool(Vertx vertx, JsonObject storage) {
    // Connections spread over the event loops, not all on the one of the verticle that made the pool.
    PoolOptions poolOptions = new PoolOptions()
      .setEventLoopSize(eventLoops(storage))
      .setMaxSize(storage.getInteger("poolSize", 16))
      .setMaxWaitQueueSize(storage.getInteger("maxWaitQueue", 2_000));
    return PgBuilder.pool().with(poolOptions).connectingTo(connectOptions(storage)).using(vertx).build();
  }

  /** {@code storage.eventLoops}, or 0 for as many as Vert.x has by default (2 × cores). */
  private static int eventLoops(JsonObject storage) {
    int configured = storage.getInteger("eventLoops", 0);
    return configured > 0 ? configured : 2 * Runtime.getRuntime().availableProcessors();
  }

  /** Applies the schema migrations of these tracks, then hands back the pool. */
  public static Future<Pool> migrate(Pool pool, List<Schema> schemas) {
    return Migrations.apply(pool, schemas).map(v -> pool);
  }
}
