package org.hypergrid.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hypergrid.cluster.ClusterPauseTest.nodeId;
import static org.hypergrid.cluster.ClusterPauseTest.offlineCounter;
import static org.hypergrid.cluster.ClusterPauseTest.registrations;
import static org.hypergrid.cluster.ClusterPauseTest.viewsAgree;
import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two regions nodes killed with -9 one right after the other (the second while the cluster is
 * still handling the first): both nodes' regions serve again on a survivor, and the friends of
 * both nodes' agents — here and on a foreign grid — are told exactly once, whichever node took the
 * departures and died.
 */
@Tag("slow")
class BackToBackKillsTest {

  static final String FIRST = "e1000000-0000-0000-0000-000000000001";
  static final String SECOND = "e1000000-0000-0000-0000-000000000002";
  static final String SURVIVING = "e1000000-0000-0000-0000-000000000003";
  static final String FREDS_PLACE = "f0000000-0000-0000-0000-0000000000f3";
  static final String CAROL = "cccccccc-0000-0000-0000-000000000003";

  @Test
  void twoRegionsNodesKilledBackToBackLoseNoRegionAndTheirAgentsFriendsAreToldOnce() throws Exception {
    String cluster = "hg-b2b-kill-" + UUID.randomUUID();
    Path clusterXml = ClusterConfig.xml(cluster, NodeProcess.DIR);
    Vertx servicesVertx = ClusterConfig.node(cluster, null);
    Vertx survivorVertx = ClusterConfig.node(cluster, "regions");
    try (TestGrid services = TestGrid.start(servicesVertx, TestGrid.config("Cluster grid", new JsonArray()));
         TestGrid foreign = TestGrid.start(TestGrid.config("Fred's grid", new JsonArray()
           .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))))) {
      String home = services.config.getJsonObject("grid").getString("homeUri");
      String tag = cluster.substring(12, 20);
      try (NodeProcess first = NodeProcess.start("regions-first-" + tag, RegionFailoverTest.regionsNode(home,
             TestGrid.region(FIRST, "First")), clusterXml, "regions").awaitReady(Duration.ofSeconds(60));
           NodeProcess second = NodeProcess.start("regions-second-" + tag, RegionFailoverTest.regionsNode(home,
             TestGrid.region(SECOND, "Second")), clusterXml, "regions").awaitReady(Duration.ofSeconds(60));
           TestGrid survivor = TestGrid.start(survivorVertx, RegionFailoverTest.regionsNode(home,
             TestGrid.region(SURVIVING, "Surviving")))) {
        Hypergrid.account(services, ALICE, "Alice", "Smith");
        Hypergrid.account(services, CAROL, "Carol", "White");
        Hypergrid.account(services, BOB, "Bob", "Jones");
        Hypergrid.account(foreign, FRED, "Fred", "Foo");
        Hypergrid.befriend(foreign, FRED, "Fred Foo", services, ALICE, "Alice Smith", "a11ce5ec");
        Hypergrid.befriend(foreign, FRED, "Fred Foo", services, CAROL, "Carol White", "ca201ec");
        Hypergrid.befriend(foreign, FRED, "Fred Foo", services, BOB, "Bob Jones", "b0b5ec");
        foreign.login(FREDS_PLACE, FRED);
        Map<String, AtomicInteger> fredHeardOffline = offlineCounter(foreign.vertx, FRED, ALICE, CAROL, BOB);
        try (AgentInbox fred = new AgentInbox(foreign.vertx, FRED)) {
          services.login(FIRST, ALICE);
          services.login(SECOND, CAROL);
          services.login(SURVIVING, BOB);
          for (String friend : List.of(ALICE, CAROL, BOB)) {
            fred.await(AgentInbox.friendStatus(friend, true), "Fred hears " + friend + " log in");
          }

          long killedAt = System.nanoTime();
          first.kill9();
          second.kill9();
          TestGrid.eventually(Duration.ofSeconds(60), () -> fredHeardOffline.get(ALICE).get() >= 1
            && fredHeardOffline.get(CAROL).get() >= 1, "Fred hears Alice and Carol went offline");
          long toldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
          // Vert.x HA redeploys the dead nodes' shards, or, when it lost them, a node that takes
          // regions rescues them: either way a live node serves them.
          List<String> survivors = List.of(nodeId(survivorVertx), nodeId(servicesVertx));
          await(TestGrid.until(services.vertx, Duration.ofSeconds(60), () -> services.grid().getRegions(
              List.of(FIRST, SECOND)).map(regions -> regions.stream()
              .allMatch(region -> survivors.contains(region.getOwnerNode()))),
            "a survivor serves both dead nodes' regions"));
          long servedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
          TestGrid.eventually(Duration.ofSeconds(20), () -> registrations(servicesVertx, FIRST) == 1
            && registrations(servicesVertx, SECOND) == 1 && viewsAgree(1, services, survivor),
            "one owner per region, and both views hold Bob only");
          System.out.printf("kill -9 of two regions nodes back to back: friends told within %d ms, regions served"
              + " again within %d ms; Fred told Alice offline %d time(s), Carol %d, Bob %d%n", toldMs, servedMs,
            fredHeardOffline.get(ALICE).get(), fredHeardOffline.get(CAROL).get(), fredHeardOffline.get(BOB).get());
          // Both regions take logins again, and every told count stays at one.
          services.login(FIRST, ALICE);
          services.login(SECOND, CAROL);
          fred.await(e -> fred.events().stream().filter(AgentInbox.friendStatus(CAROL, true)).count() == 2,
            "Fred hears Carol back");
          assertEquals(1, fredHeardOffline.get(ALICE).get(), "Alice told offline exactly once");
          assertEquals(1, fredHeardOffline.get(CAROL).get(), "Carol told offline exactly once");
          assertEquals(0, fredHeardOffline.get(BOB).get(), "Bob, on the survivor, never told offline");
        }
      }
    } finally {
      await(survivorVertx.close());
      await(servicesVertx.close());
    }
  }
}
