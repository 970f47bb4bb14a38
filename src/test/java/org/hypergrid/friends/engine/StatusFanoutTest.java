package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.serviceproxy.ServiceBinder;
import org.hypergrid.friends.api.RegionNodeService;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.TravelInfo;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.UUID;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fan-out after statusnotification: three verified online friends in two of our regions, a
 * fourth in a region (of another cluster node) that never answers, a fifth travelling on another
 * grid's simulator, reached over OpenSim's region leg. The caller's reply must not wait for any
 * region.
 */
@ExtendWith(VertxExtension.class)
class StatusFanoutTest {

  static final String NORTH = "20000000-0000-0000-0000-000000000001";
  static final String SOUTH = "20000000-0000-0000-0000-000000000002";
  static final String SILENT = "20000000-0000-0000-0000-000000000003";
  static final String[] FRIENDS = {
    "f0000000-0000-0000-0000-000000000001", "f0000000-0000-0000-0000-000000000002",
    "f0000000-0000-0000-0000-000000000003", "f0000000-0000-0000-0000-000000000004",
    "f0000000-0000-0000-0000-000000000005"};

  /** Friends online in two regions of another cluster node (simulated here by its node-wide service). */
  static final String[] EAST_FRIENDS = {"f0000000-0000-0000-0000-000000000006", "f0000000-0000-0000-0000-000000000007"};
  static final String[] EAST_REGIONS = {"20000000-0000-0000-0000-000000000006", "20000000-0000-0000-0000-000000000007"};

  static TestGrid grid;
  static Vertx simulatorVertx;
  static HttpServer simulator;
  /** Completed with the form the simulator hosting the traveller receives. */
  static final Promise<String> travellerTold = Promise.promise();
  /** Completed when the silent region is asked (and never answers). */
  static final Promise<Void> silentAsked = Promise.promise();

  @BeforeAll
  static void start() {
    // Regions must answer within 10 s: a reply that waited for the silent one would miss its 5 s budget.
    JsonObject config = TestGrid.config("Grid B", new JsonArray()
      .add(TestGrid.region(NORTH, "North")).add(TestGrid.region(SOUTH, "South")));
    config.getJsonObject("timeouts").put("regionMs", 10_000);
    grid = TestGrid.start(config);

    // A region bound on the bus that never answers, and a node that says friend 4 is in it (the
    // message a node's presence view publishes when one of its regions logs an agent in). That
    // node serves no RegionNodeService, so the fan-out asks the region itself.
    await(grid.vertx.eventBus().consumer(RegionService.address(SILENT), message -> silentAsked.tryComplete())
      .completion());
    PresenceView.publishRecorded(grid.vertx.eventBus(), new PresenceView.Session(UUID.fromString(FRIENDS[3]),
      UUID.fromString("30000000-0000-0000-0000-000000000004"), SILENT, "silent-node", System.currentTimeMillis(), null),
      1);

    // Another grid's OpenSim simulator, hosting friend 5 who travels there.
    simulatorVertx = Vertx.vertx();
    simulator = await(simulatorVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      travellerTold.tryComplete(body.toString());
      request.response().putHeader("Content-Type", "text/xml").end(text("GV6-region-status-reply-true.xml"));
    })).listen(0, "127.0.0.1"));

    for (int i = 0; i < FRIENDS.length; i++) {
      Hypergrid.foreignFriend(grid, FRIENDS[i], fredUui("5ec7e70" + i));
    }
    grid.login(NORTH, FRIENDS[0]);
    grid.login(NORTH, FRIENDS[1]);
    grid.login(SOUTH, FRIENDS[2]);
    await(grid.presence().reportTravel(new TravelInfo().setUserId(FRIENDS[4])
      .setSessionId("30000000-0000-0000-0000-000000000005").setToken("travel-token").setGridUri("http://elsewhere.example/")
      .setRegionServerUri("http://127.0.0.1:" + simulator.actualPort() + "/")));
    await(TestGrid.until(grid.vertx, Duration.ofSeconds(5),
      () -> grid.presence().getAgents(List.of(FRIENDS[3])).map(agents -> agents.size() == 1),
      "friend 4 is online in the silent region"));
  }

  @AfterAll
  static void stop() {
    grid.close();
    await(simulatorVertx.close());
  }

  @Test
  void everyOnlineFriendIsToldAndTheReplyDoesNotWaitForASilentRegion(VertxTestContext ctx) {
    List<AgentInbox> inboxes = List.of(new AgentInbox(grid.vertx, FRIENDS[0]), new AgentInbox(grid.vertx, FRIENDS[1]),
      new AgentInbox(grid.vertx, FRIENDS[2]));
    StringBuilder body = new StringBuilder("METHOD=statusnotification&userID=" + FRED + "&online=True");
    StringBuilder expected = new StringBuilder("<?xml version=\"1.0\"?><ServerResponse>");
    for (int i = 0; i < FRIENDS.length; i++) {
      body.append("&friend_").append(i).append('=').append(FRIENDS[i])
        .append("%3bhttp%3a%2f%2fgridb.example.org%3a8002%2f%3bFriend+").append(i).append("%3b5ec7e70").append(i);
      expected.append("<friend_").append(i).append('>').append(FRIENDS[i]).append("</friend_").append(i).append('>');
    }
    expected.append("</ServerResponse>");
    grid.http.postAbs(grid.publicUrl("/hgfriends")).timeout(5_000)
      .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body.toString()))
      .compose(reply -> {
        ctx.verify(() -> assertEquals(expected.toString(), reply.bodyAsString(), "all five are online"));
        return Future.all(inboxes.stream().map(inbox -> inbox.next(AgentInbox.friendStatus(FRED, true),
          "every friend in North and South hears Fred", 10_000)).toList());
      })
      .compose(events -> {
        ctx.verify(() -> events.<JsonObject>list().forEach(event ->
          assertTrue(event.getString("at") != null, "the event says when")));
        return Future.all(inboxes.stream().map(AgentInbox::closeLater).toList()).compose(v -> travellerTold.future());
      })
      .compose(form -> {
        ctx.verify(() -> assertEquals("METHOD=status&FromID=" + FRED + "&ToID=" + FRIENDS[4] + "&Online=True", form,
          "the simulator hosting the traveller gets the GV6 form"));
        return silentAsked.future(); // its node has no RegionNodeService: the region itself is asked
      })
      .compose(v -> TestGrid.until(grid.vertx, Duration.ofSeconds(15),
        () -> grid.metricLater("hg_region_delivery_failures_total").map(failures -> failures >= 1),
        "the silent region is cut off by its timeout and counted"))
      .compose(v -> Future.all(grid.metricLater("hg_fanout_agents_reached_total"),
        grid.metricLater("hg_travellers_forwarded_total"), grid.metricLater("hg_fanout_latency_seconds_count")))
      .onSuccess(counts -> ctx.verify(() -> {
        assertTrue(counts.<Double>resultAt(0) >= 3, "the three friends in North and South are counted");
        assertTrue(counts.<Double>resultAt(1) >= 1, "the traveller's simulator is counted");
        assertTrue(counts.<Double>resultAt(2) >= 1, "the fan-out's latency is measured");
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Another node hosting two friends in two of its regions is sent one message for both, and
   * neither region one of its own; this node's own North and South are told in-process, with no
   * message on the bus at all.
   */
  @Test
  void aNodeIsToldOnceForAllItsRegionsConcerned(VertxTestContext ctx) {
    List<JsonObject> eastToldOf = new java.util.concurrent.CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> eastNode = new ServiceBinder(grid.vertx).setAddress(RegionNodeService.address("east-node"))
      .register(RegionNodeService.class, (fromId, agentsByRegion, online) -> {
        eastToldOf.add(agentsByRegion);
        return Future.succeededFuture(new JsonObject().put("reached", EAST_FRIENDS.length).put("regions", 2));
      });
    for (int i = 0; i < EAST_FRIENDS.length; i++) {
      Hypergrid.foreignFriend(grid, EAST_FRIENDS[i], fredUui("ea57e70" + i));
      PresenceView.publishRecorded(grid.vertx.eventBus(), new PresenceView.Session(UUID.fromString(EAST_FRIENDS[i]),
        UUID.fromString("40000000-0000-0000-0000-00000000000" + i), EAST_REGIONS[i], "east-node",
        System.currentTimeMillis(), null), i + 1);
    }
    Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    Handler<DeliveryContext<Object>> counter = delivery -> {
      sends.computeIfAbsent(delivery.message().address(), a -> new AtomicInteger()).incrementAndGet();
      delivery.next();
    };
    List<AgentInbox> inboxes = List.of(new AgentInbox(grid.vertx, FRIENDS[0]), new AgentInbox(grid.vertx, FRIENDS[1]),
      new AgentInbox(grid.vertx, FRIENDS[2]));
    StringBuilder body = new StringBuilder("METHOD=statusnotification&userID=" + FRED + "&online=True");
    for (int i = 0; i < 3; i++) {
      body.append("&friend_").append(i).append('=').append(FRIENDS[i])
        .append("%3bhttp%3a%2f%2fgridb.example.org%3a8002%2f%3bFriend+").append(i).append("%3b5ec7e70").append(i);
    }
    for (int i = 0; i < EAST_FRIENDS.length; i++) {
      body.append("&friend_").append(3 + i).append('=').append(EAST_FRIENDS[i])
        .append("%3bhttp%3a%2f%2fgridb.example.org%3a8002%2f%3bEast+").append(i).append("%3bea57e70").append(i);
    }
    TestGrid.until(grid.vertx, Duration.ofSeconds(5),
        () -> grid.presence().getAgents(List.of(EAST_FRIENDS)).map(agents -> agents.size() == EAST_FRIENDS.length),
        "both friends are online on the east node")
      .compose(v -> grid.presence().getAgents(List.of(FRIENDS[0]))).compose(where -> {
        String node = where.get(0).getNodeId();
        ctx.verify(() -> assertTrue(node != null, "presence names the node hosting the region"));
        grid.vertx.eventBus().addOutboundInterceptor(counter);
        return grid.http.postAbs(grid.publicUrl("/hgfriends")).timeout(5_000)
          .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body.toString()))
          .compose(reply -> Future.all(inboxes.stream().map(inbox -> inbox.next(AgentInbox.friendStatus(FRED, true),
            "every friend in North and South hears Fred", 10_000)).toList()))
          .compose(events -> TestGrid.until(grid.vertx, Duration.ofSeconds(5),
            () -> Future.succeededFuture(!eastToldOf.isEmpty()), "the east node is told"))
          .map(node);
      }).onComplete(done -> grid.vertx.eventBus().removeOutboundInterceptor(counter))
      .compose(node -> Future.all(inboxes.stream().map(AgentInbox::closeLater).toList()).map(node))
      .compose(node -> eastNode.unregister().map(node))
      .onSuccess(node -> ctx.verify(() -> {
        assertEquals(1, count(sends, RegionNodeService.address("east-node")), "one message to the east node");
        assertEquals(1, eastToldOf.size(), "the east node is told once");
        assertEquals(new JsonObject().put(EAST_REGIONS[0], new JsonArray().add(EAST_FRIENDS[0]))
          .put(EAST_REGIONS[1], new JsonArray().add(EAST_FRIENDS[1])), eastToldOf.get(0),
          "that message names both of its regions with their agents");
        assertEquals(0, count(sends, RegionService.address(EAST_REGIONS[0])), "none to the east node's first region");
        assertEquals(0, count(sends, RegionService.address(EAST_REGIONS[1])), "none to its second");
        assertEquals(0, count(sends, RegionNodeService.address(node)), "this node's own regions: no bus message");
        assertEquals(0, count(sends, RegionService.address(NORTH)), "none to North");
        assertEquals(0, count(sends, RegionService.address(SOUTH)), "none to South");
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  private static int count(Map<String, AtomicInteger> sends, String address) {
    return sends.getOrDefault(address, new AtomicInteger()).get();
  }
}
