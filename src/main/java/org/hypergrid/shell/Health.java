package org.hypergrid.shell;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Row;

import java.util.List;

/**
 * Health of the node, for operators and orchestrators:
 * <ul>
 * <li>{@code GET /health/live}: the node answers (its event loops are not stuck);</li>
 * <li>{@code GET /health/ready}: the store answers, the cluster is safe (every partition backed
 * up), the node's regions are deployed; open circuits to foreign grids are reported as degraded
 * details without making the node unready;</li>
 * <li>{@code GET /health}: all of that plus presence and every foreign grid's circuit state.</li>
 * </ul>
 * Counters live in {@code /metrics}.
 */
final class Health {

  private Health() {
  }

  static void mount(Vertx vertx, Router router, ServiceDirectory services) {
    HealthCheckHandler live = HealthCheckHandler.create(vertx);
    live.register("event-loop", promise -> promise.complete(Status.OK()));
    router.get("/health/live").handler(live);

    HealthCheckHandler ready = HealthCheckHandler.create(vertx);
    HealthCheckHandler all = HealthCheckHandler.create(vertx);
    for (HealthCheckHandler handler : List.of(ready, all)) {
      if (services.pool() != null) {
        // Also shows whether the store may lose committed data (both must read "on").
        handler.register("database", 2_000, promise -> services.pool()
          .query("SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync").execute()
          .onSuccess(rows -> {
            Row row = rows.iterator().next();
            promise.complete(Status.OK(new JsonObject().put("fsync", row.getString("fsync"))
              .put("synchronous_commit", row.getString("sync"))));
          })
          .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("error", e.getMessage())))));
      }
      handler.register("cluster", 2_000, promise -> clusterSafe(vertx).onComplete(done -> promise.complete(
        done.succeeded() && done.result() ? Status.OK() : Status.KO(new JsonObject().put("reason",
          done.succeeded() ? "partitions are not all backed up yet" : done.cause().getMessage())))));
      handler.register("regions", promise -> promise.complete(services.regionHost() != null
        && services.regionHost().isDeployed() ? Status.OK(services.regionHost().summary())
        : Status.KO(new JsonObject().put("reason", "regions are still being deployed"))));
      handler.register("circuits", promise -> {
        List<String> open = services.remoteGrids().openCircuits();
        promise.complete(Status.OK(new JsonObject().put("degraded", !open.isEmpty()).put("open", new JsonArray(open))));
      });
    }
    all.register("presence", promise -> promise.complete(Status.OK(services.regionHost() == null
      ? new JsonObject() : services.regionHost().summary())));
    all.register("foreign-grids", promise -> promise.complete(Status.OK(services.remoteGrids().circuitStates())));
    router.get("/health/ready").handler(ready);
    router.get("/health").handler(all);
  }

  /** True when not clustered, or when Hazelcast says every partition has its backups. */
  private static io.vertx.core.Future<Boolean> clusterSafe(Vertx vertx) {
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hazelcast)) {
      return io.vertx.core.Future.succeededFuture(true);
    }
    return vertx.executeBlocking(() -> hazelcast.getHazelcastInstance().getPartitionService().isClusterSafe(), false);
  }
}
