package org.hypergrid.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "grid" architecture: one node hosts the services and the public port, another hosts the
 * regions and reaches every service over the event bus of a real Hazelcast cluster on loopback.
 */
class ClusteredGridTest {

  static final String NORTH = "80000000-0000-0000-0000-000000000001";
  static final String SOUTH = "80000000-0000-0000-0000-000000000002";

  @Test
  void servicesOnOneNodeReachRegionsOnAnother() throws Throwable {
    String clusterName = "hg-test-" + UUID.randomUUID();
    Vertx servicesVertx = ClusterConfig.node(clusterName, null);
    Vertx regionsVertx = ClusterConfig.node(clusterName, null);
    JsonObject regionsConfig = TestGrid.config("Regions node", new JsonArray()
      .add(TestGrid.region(NORTH, "North")).add(TestGrid.region(SOUTH, "South")));
    regionsConfig.remove("storage");
    regionsConfig.put("services", new JsonObject().put("hgfriends", bus()).put("friends", bus())
      .put("presence", bus()).put("grid", bus()).put("usermanagement", bus()));
    regionsConfig.getJsonObject("http").remove("public");
    regionsConfig.getJsonObject("http").getJsonObject("private").put("mounts", new JsonArray().add("regions"));

    // The regions node starts first: it waits for the services to appear on the bus.
    Future<TestGrid> regionsStarting = TestGrid.startLater(regionsVertx, regionsConfig);
    try (TestGrid services = TestGrid.start(servicesVertx, TestGrid.config("Services node", new JsonArray()));
         TestGrid regions = await(regionsStarting)) {
      Hypergrid.foreignFriend(services, ALICE, fredUui("1a2b3c4d"));
      Hypergrid.foreignFriend(services, BOB, fredUui("9f8e7d6c"));
      await(services.friends().storeFriend(ALICE, BOB, 1));
      await(services.friends().storeFriend(BOB, ALICE, 1));
      // A login reads who is online from the regions node's own presence view, not over the bus
      // (only travels, which live in the store, go to the presence service).
      AtomicInteger presenceReads = new AtomicInteger();
      regionsVertx.eventBus().addOutboundInterceptor(message -> {
        if (PresenceService.ADDRESS.equals(message.message().address())
          && "getAgents".equals(message.message().headers().get("action"))) {
          presenceReads.incrementAndGet();
        }
        message.next();
      });
      VertxTestContext ctx = new VertxTestContext();
      try (AgentInbox alice = new AgentInbox(regionsVertx, ALICE); AgentInbox bob = new AgentInbox(regionsVertx, BOB)) {
        regions.loginLater(NORTH, ALICE, null)
          .compose(v -> regions.loginLater(SOUTH, BOB, null))
          .compose(v -> alice.next(AgentInbox.friendStatus(BOB, true), "Alice hears her friend Bob log in", 5_000))
          .compose(v -> {
            ctx.verify(() -> assertEquals(0, presenceReads.get(),
              "the login asked the presence service for no sessions over the bus"));
            return services.presence().getAgents(List.of(ALICE, BOB));
          })
          .compose(online -> {
            ctx.verify(() -> assertEquals(2, online.size(), "logins on the regions node are recorded by the services node"));
            return services.postFormLater(text("GV1-statusnotification-request.form"));
          })
          .compose(reply -> {
            ctx.verify(() -> assertEquals(text("GV2-statusnotification-reply-two-online.xml"), reply.bodyAsString()));
            return Future.all(alice.next(AgentInbox.friendStatus(FRED, true), "Alice, on the other node, hears Fred", 5_000),
              bob.next(AgentInbox.friendStatus(FRED, true), "Bob, on the other node, hears Fred", 5_000));
          })
          .onComplete(ctx.succeedingThenComplete());
        assertTrue(ctx.awaitCompletion(60, TimeUnit.SECONDS), "the logins and the notification were told within a minute");
        if (ctx.failed()) {
          throw ctx.causeOfFailure();
        }
      }
    }
  }

  private static JsonObject bus() {
    return new JsonObject().put("via", "bus");
  }
}
