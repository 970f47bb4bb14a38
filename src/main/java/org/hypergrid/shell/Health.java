package org.hypergrid.shell;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.sqlclient.Row;

/** {@code GET /health}: the store answers; fan-out counters and foreign grids' circuits of this node. */
final class Health {

  private Health() {
  }

  static void mount(Vertx vertx, Router router, ServiceDirectory services) {
    HealthCheckHandler health = HealthCheckHandler.create(vertx);
    if (services.pool() != null) {
      // Also shows whether the store may lose committed data (both must read "on").
      health.register("database", 2_000, promise -> services.pool()
        .query("SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync").execute()
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          promise.complete(Status.OK(new JsonObject().put("fsync", row.getString("fsync"))
            .put("synchronous_commit", row.getString("sync"))));
        })
        .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("error", e.getMessage())))));
    }
    health.register("presence", promise -> promise.complete(Status.OK(services.regionHost() == null
      ? new JsonObject() : services.regionHost().summary())));
    health.register("fanout", promise -> promise.complete(Status.OK(services.stats().fanoutJson())));
    health.register("verifications", promise -> promise.complete(Status.OK(services.stats().verificationsJson())));
    health.register("friendship-offers", promise -> promise.complete(Status.OK(services.stats().offersJson())));
    health.register("foreign-grids", promise -> promise.complete(Status.OK(services.remoteGrids().circuitStates())));
    router.get("/health").handler(health);
  }
}
