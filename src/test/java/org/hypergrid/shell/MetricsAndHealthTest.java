package org.hypergrid.shell;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} in Prometheus form, with Vert.x's own meters when metrics are on (as
 * {@code java -jar} turns them on) and the grid's; {@code /health/live} and {@code /health/ready}.
 */
class MetricsAndHealthTest {

  static final String WELCOME = "10000000-0000-0000-0000-000000000001";

  @Test
  void metricsShowVertxAndTheGridAndHealthSaysLiveAndReady() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))));
    try (TestGrid grid = TestGrid.start(vertx, TestGrid.config("Measured grid", new JsonArray()
      .add(TestGrid.region(WELCOME, "Welcome"))))) {
      grid.login(WELCOME, ALICE);
      grid.postForm(text("GV1-statusnotification-request.form"));
      String metrics = await(grid.http.getAbs(grid.privateUrl("/metrics")).send()).bodyAsString();
      for (String name : new String[] {"vertx_http_server_requests_total", "vertx_eventbus_", "vertx_pool_",
        "hg_presence_agents", "hg_regions_served", "hg_notifications_received_total", "hg_fanout_latency_seconds"}) {
        assertTrue(metrics.contains(name), name + " is in /metrics");
      }
      assertEquals(1.0, grid.metric("hg_presence_agents"), "Alice is online");
      assertEquals(1.0, grid.metric("hg_regions_served"));

      HttpResponse<Buffer> live = await(grid.http.getAbs(grid.privateUrl("/health/live")).send());
      assertEquals(200, live.statusCode());
      HttpResponse<Buffer> ready = await(grid.http.getAbs(grid.privateUrl("/health/ready")).send());
      assertEquals(200, ready.statusCode(), ready.bodyAsString());
      JsonObject circuits = check(ready.bodyAsJsonObject(), "circuits");
      assertEquals(false, circuits.getBoolean("degraded"), "no circuit is open");
    }
  }

  private static JsonObject check(JsonObject health, String id) {
    for (Object check : health.getJsonArray("checks")) {
      if (id.equals(((JsonObject) check).getString("id"))) {
        return ((JsonObject) check).getJsonObject("data");
      }
    }
    throw new AssertionError("no " + id + " in " + health);
  }
}
