package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.friends.api.RegionNodeService;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.UUID;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A cluster node that stops answering (hung, not gone) is sent a friend's status until its
 * circuit opens after two timeouts; from then on its regions are skipped and counted as failed
 * at once, with no message, pending reply or timer per notification, and the caller's answer
 * still names the friend online there.
 */
@ExtendWith(VertxExtension.class)
class NodeBreakerTest {

  static final String FRIEND = "f0000000-0000-0000-0000-0000000000f1";
  static final String FROZEN_REGION = "20000000-0000-0000-0000-0000000000f1";

  static TestGrid grid;
  /** Messages that reached the node that never answers. */
  static final AtomicInteger frozenNodeSent = new AtomicInteger();

  @BeforeAll
  static void start() {
    JsonObject config = TestGrid.config("Grid B", new JsonArray());
    config.getJsonObject("timeouts").put("regionMs", 300);
    config.put("breaker", new JsonObject().put("maxFailures", 2).put("resetMs", 600_000));
    grid = TestGrid.start(config);
    await(grid.vertx.eventBus().consumer(RegionNodeService.address("frozen-node"),
      message -> frozenNodeSent.incrementAndGet()).completion());
    Hypergrid.foreignFriend(grid, FRIEND, fredUui("f0f0f0f0"));
    PresenceView.publishRecorded(grid.vertx.eventBus(), new PresenceView.Session(UUID.fromString(FRIEND),
      UUID.fromString("30000000-0000-0000-0000-0000000000f1"), FROZEN_REGION, "frozen-node", System.currentTimeMillis(),
      null), 1);
    await(TestGrid.until(grid.vertx, Duration.ofSeconds(5),
      () -> grid.presence().getAgents(List.of(FRIEND)).map(agents -> agents.size() == 1),
      "the friend is online on the frozen node"));
  }

  @AfterAll
  static void stop() {
    grid.close();
  }

  @Test
  void aNodeThatStopsAnsweringIsSkippedOnceItsCircuitOpens(VertxTestContext ctx) {
    String online = "<?xml version=\"1.0\"?><ServerResponse><friend_0>" + FRIEND + "</friend_0></ServerResponse>";
    // Two notifications time out one after the other: the second failure opens the circuit.
    notifyAndCheck(ctx, online)
      .compose(v -> failuresReach(1))
      .compose(v -> notifyAndCheck(ctx, online))
      .compose(v -> failuresReach(2))
      // Two more: skipped while open, yet counted as failed deliveries, and answered as before.
      .compose(v -> notifyAndCheck(ctx, online))
      .compose(v -> notifyAndCheck(ctx, online))
      .compose(v -> failuresReach(4))
      .compose(v -> grid.metricLater("hg_node_circuit_state", "node=\"frozen-node\""))
      .onSuccess(circuit -> ctx.verify(() -> {
        assertEquals(2, frozenNodeSent.get(), "only the two notifications before the circuit opened reached the node");
        assertEquals(2.0, circuit, "the node's circuit shows open on /metrics");
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<Void> notifyAndCheck(VertxTestContext ctx, String expected) {
    return grid.http.postAbs(grid.publicUrl("/hgfriends")).timeout(5_000)
      .putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer("METHOD=statusnotification&userID=" + FRED + "&online=True&friend_0=" + FRIEND
        + "%3bhttp%3a%2f%2fgridb.example.org%3a8002%2f%3bFriend%3bf0f0f0f0"))
      .map(reply -> {
        ctx.verify(() -> assertEquals(expected, reply.bodyAsString(), "the friend is online, whatever the node"));
        return null;
      });
  }

  private static Future<Void> failuresReach(int count) {
    return TestGrid.until(grid.vertx, Duration.ofSeconds(10),
      () -> grid.metricLater("hg_region_delivery_failures_total").map(failures -> failures >= count),
      count + " region deliveries counted as failed");
  }
}
