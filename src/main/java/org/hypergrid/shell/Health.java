package org.hypergrid.shell;

import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/** {@code GET /health}: the store answers; fan-out counters and foreign grids' circuits of this node. */
final class Health {

  private Health() {
  }

  static void mount(Vertx vertx, Router router, ServiceDirectory services) {
    HealthCheckHandler health = HealthCheckHandler.create(vertx);
    if (services.pool() != null) {
      health.register("database", 2_000, promise -> services.pool().query("SELECT 1").execute()
        .onSuccess(rows -> promise.complete(Status.OK()))
        .onFailure(e -> promise.complete(Status.KO())));
    }
    health.register("fanout", promise -> promise.complete(Status.OK(services.stats().fanoutJson())));
    health.register("friendship-offers", promise -> promise.complete(Status.OK(services.stats().offersJson())));
    health.register("foreign-grids", promise -> promise.complete(Status.OK(services.remoteGrids().circuitStates())));
    router.get("/health").handler(health);
  }
}
