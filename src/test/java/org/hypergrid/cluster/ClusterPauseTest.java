package org.hypergrid.cluster;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.NodeProcess;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ownership survives a node that stalls past the cluster's heartbeat (SIGSTOP, then SIGCONT):
 * the cluster takes what the stalled node owned and tells its agents' friends once; the node,
 * when it runs again, stops acting on what it held, rejoins as a new member, and every node's
 * presence view converges to what the regions hold — one owner per region, no agent shown online
 * who is not, no online agent shown offline, on this grid and on a foreign one.
 */
@Tag("slow")
class ClusterPauseTest {

  static final String PAUSED = "e0000000-0000-0000-0000-000000000001";
  static final String SHARED = "e0000000-0000-0000-0000-000000000002";
  static final String SURVIVING = "e0000000-0000-0000-0000-000000000003";
  static final String PLAZA = "e0000000-0000-0000-0000-000000000004";
  static final String FREDS_PLACE = "f0000000-0000-0000-0000-0000000000f2";
  static final String CAROL = "cccccccc-0000-0000-0000-000000000003";

  @Test
  void aRegionsNodePausedPastTheHeartbeatIsFencedRejoinsAndEveryViewConverges() throws Exception {
    String cluster = "hg-pause-r-" + UUID.randomUUID();
    Path clusterXml = ClusterConfig.xml(cluster, NodeProcess.DIR);
    Vertx servicesVertx = ClusterConfig.node(cluster, null);
    Vertx survivorVertx = ClusterConfig.node(cluster, "regions");
    try (TestGrid services = TestGrid.start(servicesVertx, TestGrid.config("Cluster grid", new JsonArray()));
         TestGrid foreign = TestGrid.start(TestGrid.config("Fred's grid", new JsonArray()
           .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))))) {
      String home = services.config.getJsonObject("grid").getString("homeUri");
      try (NodeProcess paused = NodeProcess.start("regions-paused-" + cluster.substring(12, 20),
             RegionFailoverTest.regionsNode(home, TestGrid.region(PAUSED, "Paused"), TestGrid.region(SHARED, "Shared")),
             clusterXml, "regions").awaitReady(Duration.ofSeconds(60));
           TestGrid survivor = TestGrid.start(survivorVertx, RegionFailoverTest.regionsNode(home,
             TestGrid.region(SHARED, "Shared"), TestGrid.region(SURVIVING, "Surviving")))) {
        Hypergrid.account(services, ALICE, "Alice", "Smith");
        Hypergrid.account(services, BOB, "Bob", "Jones");
        Hypergrid.account(foreign, FRED, "Fred", "Foo");
        Hypergrid.befriend(foreign, FRED, "Fred Foo", services, ALICE, "Alice Smith", "a11ce5ec");
        Hypergrid.befriend(foreign, FRED, "Fred Foo", services, BOB, "Bob Jones", "b0b5ec");
        await(services.friends().storeFriend(ALICE, BOB, 1));
        await(services.friends().storeFriend(BOB, ALICE, 1));
        foreign.login(FREDS_PLACE, FRED);
        Map<String, AtomicInteger> fredHeardOffline = offlineCounter(foreign.vertx, FRED, ALICE, BOB);
        Map<String, AtomicInteger> bobHeardOffline = offlineCounter(survivorVertx, BOB, ALICE);
        try (AgentInbox fred = new AgentInbox(foreign.vertx, FRED)) {
          services.login(SURVIVING, BOB);
          services.login(PAUSED, ALICE);
          fred.await(AgentInbox.friendStatus(ALICE, true), "Fred hears Alice log in on the node to be paused");
          fred.await(AgentInbox.friendStatus(BOB, true), "Fred hears Bob log in");
          String pausedNode = await(services.grid().getRegion(PAUSED)).getOwnerNode();

          CountDownLatch removed = new CountDownLatch(1);
          long[] removedAt = {0};
          hazelcast(servicesVertx).getCluster().addMembershipListener(new MembershipAdapter() {
            @Override
            public void memberRemoved(MembershipEvent event) {
              removedAt[0] = System.nanoTime();
              removed.countDown();
            }
          });
          long pausedAt = System.nanoTime();
          paused.pause();
          try {
            assertTrue(removed.await(30, TimeUnit.SECONDS), "the cluster declares the paused node gone");
            await(TestGrid.until(services.vertx, Duration.ofSeconds(20), () -> services.grid().getRegion(PAUSED)
              .map(region -> nodeId(survivorVertx).equals(region.getOwnerNode())), "the survivor takes Paused"));
            TestGrid.eventually(Duration.ofSeconds(20), () -> fredHeardOffline.get(ALICE).get() == 1,
              "Fred hears Alice went offline while her node is paused");
          } finally {
            paused.resume();
          }
          long resumedAt = System.nanoTime();
          System.out.printf("SIGSTOP of a regions node: declared gone after %d ms; its regions taken and its agents'"
            + " friends told by %d ms, when it was resumed%n", TimeUnit.NANOSECONDS.toMillis(removedAt[0] - pausedAt),
            TimeUnit.NANOSECONDS.toMillis(resumedAt - pausedAt));

          // The paused node lets go and rejoins; every view converges to what the regions hold: Bob only.
          TestGrid.eventually(Duration.ofSeconds(30), () -> {
            JsonObject membership = paused.health("membership");
            return membership != null && "UP".equals(membership.getString("status"))
              && membership.getLong("epoch") >= 2 && registrations(servicesVertx, PAUSED) == 1
              && registrations(servicesVertx, SHARED) == 1 && viewsAgree(1, services, survivor, paused);
          }, "the paused node rejoined, each region has one owner and every view holds Bob only");
          long convergedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt);
          System.out.printf("SIGSTOP of a regions node: every view converged %d ms after SIGCONT; Fred told Alice"
            + " offline %d time(s), Bob %d time(s)%n", convergedMs, fredHeardOffline.get(ALICE).get(),
            fredHeardOffline.get(BOB).get());
          assertTrue(convergedMs < 10_000, "views converge within seconds of the node running again: " + convergedMs);
          assertEquals(nodeId(survivorVertx), await(services.grid().getRegion(PAUSED)).getOwnerNode(),
            "the node that was paused does not take its regions back by itself");
          assertTrue(!pausedNode.equals(await(services.grid().getRegion(SHARED)).getOwnerNode()),
            "nor Shared");
          assertEquals(List.of(), await(services.presence().getAgents(List.of(ALICE))), "Alice is offline");
          assertEquals(1, await(services.presence().getAgents(List.of(BOB))).size(), "Bob is online");
          assertEquals(1, fredHeardOffline.get(ALICE).get(), "Fred told Alice went offline exactly once");
          assertEquals(1, bobHeardOffline.get(ALICE).get(), "Bob told Alice went offline exactly once");
          assertEquals(0, fredHeardOffline.get(BOB).get(), "Bob, never paused, is never told offline");

          // Alice back, in Paused (on the survivor now): everyone hears it and every view holds her.
          services.login(PAUSED, ALICE);
          fred.await(e -> fred.events().stream().filter(AgentInbox.friendStatus(ALICE, true)).count() == 2,
            "Fred hears Alice back");
          TestGrid.eventually(Duration.ofSeconds(10), () -> viewsAgree(2, services, survivor, paused),
            "every view holds Alice and Bob");
          assertEquals(0, fredHeardOffline.get(BOB).get());
        }
      }
    } finally {
      await(survivorVertx.close());
      await(servicesVertx.close());
    }
  }

  @Test
  void aServicesNodePausedPastTheHeartbeatTellsNobodyOfflineAndRejoins() throws Exception {
    String cluster = "hg-pause-s-" + UUID.randomUUID();
    Path clusterXml = ClusterConfig.xml(cluster, NodeProcess.DIR);
    JsonObject servicesConfig = TestGrid.config("Cluster grid", new JsonArray());
    String home = servicesConfig.getJsonObject("grid").getString("homeUri");
    Vertx regionsVertx = ClusterConfig.node(cluster, "regions");
    try (TestGrid foreign = TestGrid.start(TestGrid.config("Fred's grid", new JsonArray()
           .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))));
         NodeProcess paused = NodeProcess.start("services-paused-" + cluster.substring(12, 20), servicesConfig,
           clusterXml, "services").awaitReady(Duration.ofSeconds(60));
         TestGrid regions = TestGrid.start(regionsVertx, RegionFailoverTest.regionsNode(home,
           TestGrid.region(PLAZA, "Plaza")))) {
      Hypergrid.account(regions, ALICE, "Alice", "Smith");
      Hypergrid.account(regions, BOB, "Bob", "Jones");
      Hypergrid.account(foreign, FRED, "Fred", "Foo");
      befriendThrough(regions, home, foreign, ALICE, "Alice Smith", "a11ce5ec");
      befriendThrough(regions, home, foreign, BOB, "Bob Jones", "b0b5ec");
      foreign.login(FREDS_PLACE, FRED);
      Map<String, AtomicInteger> fredHeardOffline = offlineCounter(foreign.vertx, FRED, ALICE, BOB);
      try (AgentInbox fred = new AgentInbox(foreign.vertx, FRED)) {
        regions.login(PLAZA, ALICE);
        regions.login(PLAZA, BOB);
        fred.await(AgentInbox.friendStatus(ALICE, true), "Fred hears Alice log in");
        fred.await(AgentInbox.friendStatus(BOB, true), "Fred hears Bob log in");

        CountDownLatch removed = new CountDownLatch(1);
        hazelcast(regionsVertx).getCluster().addMembershipListener(new MembershipAdapter() {
          @Override
          public void memberRemoved(MembershipEvent event) {
            removed.countDown();
          }
        });
        long pausedAt = System.nanoTime();
        paused.pause();
        try {
          assertTrue(removed.await(30, TimeUnit.SECONDS), "the cluster declares the paused services node gone");
        } finally {
          paused.resume();
        }
        long resumedAt = System.nanoTime();
        TestGrid.eventually(Duration.ofSeconds(40), () -> {
          JsonObject membership = paused.health("membership");
          return membership != null && "UP".equals(membership.getString("status"))
            && membership.getLong("epoch") >= 2 && viewsAgree(2, regions, paused);
        }, "the services node rejoined and both views hold Alice and Bob");
        long convergedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt);
        System.out.printf("SIGSTOP of the services node for %d ms: views converged %d ms after SIGCONT; Fred told"
            + " Alice offline %d time(s), Bob %d time(s)%n", TimeUnit.NANOSECONDS.toMillis(resumedAt - pausedAt),
          convergedMs, fredHeardOffline.get(ALICE).get(), fredHeardOffline.get(BOB).get());
        // Through the node that was paused: presence answers, and a login works.
        TestGrid.eventually(Duration.ofSeconds(15), () -> regions.http.postAbs("http://127.0.0.1:" + paused.privatePort
            + "/regions/" + PLAZA + "/agents").timeout(5_000)
          .sendJsonObject(new JsonObject().put("agentId", CAROL)).map(reply -> reply.statusCode() == 200)
          .otherwise(false).toCompletionStage().toCompletableFuture().join(), "a login through the services node works");
        assertEquals(2, await(regions.presence().getAgents(List.of(ALICE, BOB))).size(),
          "Alice and Bob are online, as their region holds them");
        assertEquals(0, fredHeardOffline.get(ALICE).get(), "nobody was told Alice went offline");
        assertEquals(0, fredHeardOffline.get(BOB).get(), "nobody was told Bob went offline");
      }
    } finally {
      await(regionsVertx.close());
    }
  }

  /** Counts the offline statuses {@code listener}'s client hears, per friend. */
  static Map<String, AtomicInteger> offlineCounter(Vertx vertx, String listener, String... friends) {
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    for (String friend : friends) {
      counts.put(friend, new AtomicInteger());
    }
    MessageConsumer<JsonObject> client = vertx.eventBus().consumer(RegionProtocol.agentAddress(listener), m -> {
      for (String friend : friends) {
        if (AgentInbox.friendStatus(friend, false).test(m.body())) {
          counts.get(friend).incrementAndGet();
        }
      }
    });
    await(client.completion());
    return counts;
  }

  /** A friendship between a user of the cluster grid (stored through {@code local}'s bus) and Fred. */
  private static void befriendThrough(TestGrid local, String home, TestGrid foreign, String user, String name,
                                      String secret) {
    String fredHome = foreign.config.getJsonObject("grid").getString("homeUri");
    Hypergrid.foreignFriend(local, user, Uui.format(FRED, fredHome, "Fred Foo", secret));
    Hypergrid.foreignFriend(foreign, FRED, Uui.format(user, home, name, secret));
  }

  /**
   * True when every node's presence view holds {@code agents} sessions, as many as the regions
   * host in all, and says it is in sync.
   */
  static boolean viewsAgree(int agents, Object... nodes) {
    int hosted = 0;
    for (Object node : nodes) {
      JsonObject presence = check(node, "presence");
      JsonObject membership = check(node, "membership");
      if (presence == null || membership == null || presence.getInteger("agentsOnlineInGrid") != agents
        || !membership.getJsonObject("presence").getBoolean("inSync")) {
        return false;
      }
      hosted += presence.getInteger("agentsHostedHere");
    }
    return hosted == agents;
  }

  private static JsonObject check(Object node, String id) {
    if (node instanceof NodeProcess process) {
      return process.health(id);
    }
    try {
      return ((TestGrid) node).health(id);
    } catch (RuntimeException | AssertionError e) {
      return null;
    }
  }

  static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
  }

  static int registrations(Vertx vertx, String regionId) {
    List<RegistrationInfo> found = await(((VertxInternal) vertx).<List<RegistrationInfo>>future(promise ->
      ((VertxInternal) vertx).clusterManager().getRegistrations(RegionService.address(regionId), promise)));
    return found.size();
  }

  static String nodeId(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager().getNodeId();
  }
}
