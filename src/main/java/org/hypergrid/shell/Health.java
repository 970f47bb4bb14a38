package org.hypergrid.shell;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.sqlclient.Row;

import java.util.List;

/**
 * Health of the node, for operators and orchestrators:
 * <ul>
 * <li>{@code GET /health/live}: the node answers (its event loops are not stuck);</li>
 * <li>{@code GET /health/ready}: the store answers, the cluster is safe (every partition backed
 * up), and the modules' readiness checks pass (the friends family: the node's regions are
 * deployed; open circuits to foreign grids are degraded details that leave the node ready);</li>
 * <li>{@code GET /health}: all of that plus the modules' other checks (presence, every foreign
 * grid's circuit state).</li>
 * </ul>
 * Counters live in {@code /metrics}.
 */
final class Health {

  private Health() {
  }

  static void mount(Vertx vertx, Router router, NodeServices node) {
    HealthCheckHandler live = HealthCheckHandler.create(vertx);
    live.register("event-loop", promise -> promise.complete(Status.OK()));
    router.get("/health/live").handler(live);

    HealthCheckHandler ready = HealthCheckHandler.create(vertx);
    HealthCheckHandler all = HealthCheckHandler.create(vertx);
    for (HealthCheckHandler handler : List.of(ready, all)) {
      if (node.pool() != null) {
        // Also shows whether the store may lose committed data (both must read "on"). A check
        // past its timeout has been answered already: the late result is dropped (tryComplete).
        handler.register("database", node.settings().timeouts().healthMs(), promise -> node.pool()
          .query("SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync").execute()
          .onSuccess(rows -> {
            Row row = rows.iterator().next();
            promise.tryComplete(Status.OK(new JsonObject().put("fsync", row.getString("fsync"))
              .put("synchronous_commit", row.getString("sync"))));
          })
          .onFailure(e -> promise.tryComplete(Status.KO(new JsonObject().put("error", e.getMessage())))));
      }
      handler.register("cluster", node.settings().timeouts().healthMs(), promise -> node.cluster().isSafe().onComplete(done -> promise.tryComplete(
        done.succeeded() && done.result() ? Status.OK() : Status.KO(new JsonObject().put("reason",
          done.succeeded() ? "partitions are not all backed up yet" : done.cause().getMessage())))));
    }
    // The modules' own checks (regions deployed, circuits to other grids, ...).
    for (NodeServices.HealthEntry check : node.healthChecks) {
      if (check.readiness()) {
        ready.register(check.name(), check.check());
      }
      all.register(check.name(), check.check());
    }
    router.get("/health/ready").handler(ready);
    router.get("/health").handler(all);
  }
}
