package org.hypergrid.friends.monitor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every statusnotification to a foreign grid is counted, whatever became of it: a grid that does
 * not answer is {@code failed}, one the outbound policy refuses is {@code refused_by_policy}; the
 * other outcomes of that grid show at 0, and nothing is counted as sent.
 */
class NotificationOutcomesTest {

  static final String WELCOME = "e2000000-0000-0000-0000-000000000001";
  static final String FRIEND = "f2000000-0000-0000-0000-000000000002";

  @Test
  void aNotificationToAGridThatIsDownIsCountedFailed() {
    JsonObject config = TestGrid.config("Counting grid", new JsonArray().add(TestGrid.region(WELCOME, "Welcome")));
    String downGrid = "http://127.0.0.1:" + TestGrid.freePort() + "/";
    try (TestGrid grid = TestGrid.start(config)) {
      Hypergrid.foreignFriend(grid, ALICE, Uui.format(FRIEND, downGrid, "Dan Down", "5ec2e7"));
      grid.login(WELCOME, ALICE);
      await(TestGrid.until(grid.vertx, Duration.ofSeconds(15), () -> grid.metricLater("hg_notifications_sent_total",
        "outcome=\"failed\"").map(failed -> failed >= 1), "the failed notification is counted"));
      assertEquals(0, grid.metric("hg_notifications_sent_total", "outcome=\"sent\""));
      assertEquals(0, grid.metric("hg_notifications_sent_total", "outcome=\"refused_by_policy\""));
      assertEquals(0, grid.metric("hg_notifications_sent_total", "outcome=\"circuit_open\""),
        "every outcome of that grid is shown, at 0 when it did not happen");
    }
  }

  @Test
  void aNotificationThePolicyRefusesIsCountedAsSuch() {
    JsonObject config = TestGrid.config("Careful grid", new JsonArray().add(TestGrid.region(WELCOME, "Welcome")));
    config.put("outbound", new JsonObject().put("allowLoopback", false));
    try (TestGrid grid = TestGrid.start(config)) {
      Hypergrid.foreignFriend(grid, ALICE, Uui.format(FRIEND, "http://127.0.0.1:9/", "Lou Loopback", "5ec2e7"));
      grid.login(WELCOME, ALICE);
      await(TestGrid.until(grid.vertx, Duration.ofSeconds(15), () -> grid.metricLater("hg_notifications_sent_total",
        "outcome=\"refused_by_policy\"").map(refused -> refused >= 1), "the refused notification is counted"));
      assertEquals(0, grid.metric("hg_notifications_sent_total", "outcome=\"sent\""));
    }
  }
}
