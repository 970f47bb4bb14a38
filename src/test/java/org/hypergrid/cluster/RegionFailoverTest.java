package org.hypergrid.cluster;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.NodeProcess;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regions belong to the cluster. A services node and a regions node run in this JVM; a second
 * regions node runs in a process of its own and is killed with -9. Its regions must serve again on
 * the survivor, and the friends of its agents — on this grid and on a foreign grid — must hear,
 * once, that they went offline. A region both regions nodes list is served by exactly one.
 */
@ExtendWith(VertxExtension.class)
class RegionFailoverTest {

  static final String CAROL = "cccccccc-0000-0000-0000-000000000003";
  static final String DAVE = "dddddddd-0000-0000-0000-000000000004";
  static final String DOOMED = "d0000000-0000-0000-0000-000000000001";
  static final String SHARED = "d0000000-0000-0000-0000-000000000002";
  static final String SURVIVING = "d0000000-0000-0000-0000-000000000003";
  static final String FREDS_PLACE = "f0000000-0000-0000-0000-0000000000f1";

  @Test
  void aKilledRegionsNodesRegionsServeAgainOnASurvivorAndItsAgentsFriendsHearTheyLeft(VertxTestContext ctx)
    throws Exception {
    String cluster = "hg-failover-" + UUID.randomUUID();
    Path clusterXml = ClusterConfig.xml(cluster, NodeProcess.DIR);
    Vertx servicesVertx = ClusterConfig.node(cluster, null);
    Vertx survivorVertx = ClusterConfig.node(cluster, "regions");
    try (TestGrid services = TestGrid.start(servicesVertx, TestGrid.config("Cluster grid", new JsonArray()));
         TestGrid foreign = TestGrid.start(TestGrid.config("Fred's grid", new JsonArray()
           .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))))) {
      String home = services.config.getJsonObject("grid").getString("homeUri");
      NodeProcess doomed = NodeProcess.start("regions-doomed-" + cluster.substring(12, 20),
        regionsNode(home, TestGrid.region(DOOMED, "Doomed"), TestGrid.region(SHARED, "Shared")), clusterXml, "regions")
        .awaitReady(Duration.ofSeconds(60));
      try (TestGrid survivor = TestGrid.start(survivorVertx,
             regionsNode(home, TestGrid.region(SHARED, "Shared"), TestGrid.region(SURVIVING, "Surviving")))) {
        assertEquals(1, registrations(servicesVertx, SHARED), "two nodes list Shared; exactly one serves it");
        RegionInfo shared = await(services.grid().getRegion(SHARED));
        assertTrue(!shared.getOwnerNode().equals(nodeId(survivorVertx)), "the node that claimed it first keeps it");

        Hypergrid.account(services, ALICE, "Alice", "Smith");
        Hypergrid.account(foreign, FRED, "Fred", "Foo");
        Hypergrid.befriend(foreign, FRED, "Fred Foo", services, ALICE, "Alice Smith", "a11ce5ec");
        await(services.friends().storeFriend(ALICE, BOB, 1));
        await(services.friends().storeFriend(BOB, ALICE, 1));
        foreign.login(FREDS_PLACE, FRED);
        services.login(SURVIVING, BOB);
        try (AgentInbox fred = new AgentInbox(foreign.vertx, FRED); AgentInbox bob = new AgentInbox(survivorVertx, BOB)) {
          services.login(DOOMED, ALICE);
          fred.await(AgentInbox.friendStatus(ALICE, true), "Fred hears Alice log in on the doomed node");
          bob.await(AgentInbox.friendStatus(ALICE, true), "Bob hears Alice log in");

          AtomicInteger fredHeardOffline = new AtomicInteger();
          Checkpoint friendsTold = ctx.checkpoint(2);
          MessageConsumer<JsonObject> fredsClient = foreign.vertx.eventBus().consumer(RegionProtocol.agentAddress(FRED),
            m -> {
              if (AgentInbox.friendStatus(ALICE, false).test(m.body()) && fredHeardOffline.incrementAndGet() == 1) {
                friendsTold.flag();
              }
            });
          MessageConsumer<JsonObject> bobsClient = survivorVertx.eventBus().consumer(RegionProtocol.agentAddress(BOB),
            m -> {
              if (AgentInbox.friendStatus(ALICE, false).test(m.body())) {
                friendsTold.flag();
              }
            });
          await(fredsClient.completion());
          await(bobsClient.completion());

          long[] noticedAt = {0};
          ((HazelcastClusterManager) ((VertxInternal) servicesVertx).clusterManager()).getHazelcastInstance()
            .getCluster().addMembershipListener(new MembershipAdapter() {
              @Override
              public void memberRemoved(MembershipEvent event) {
                noticedAt[0] = System.nanoTime();
              }
            });
          long killedAt = System.nanoTime();
          doomed.kill9();
          // Doomed serves again on the survivor: it claims the region, then binds it, and from then
          // a login there works. (Logins tried before the claim would go to the dead node's address
          // and wait out their send timeout.)
          await(TestGrid.until(services.vertx, Duration.ofSeconds(20), () -> services.grid().getRegion(DOOMED)
            .map(region -> nodeId(survivorVertx).equals(region.getOwnerNode())), "the survivor claims Doomed"));
          await(TestGrid.until(services.vertx, Duration.ofSeconds(10), () -> services.loginLater(DOOMED, CAROL, null)
            .map(session -> true).otherwise(false), "Doomed serves again"));
          long claimedAt = System.nanoTime();
          assertTrue(loginWorks(services, SHARED, DAVE), "Shared serves again");
          assertEquals(1, registrations(servicesVertx, DOOMED));
          System.out.printf("kill -9 of a regions node: the cluster noticed after %d ms; its regions served again on"
              + " the survivor %d ms after that%n", TimeUnit.NANOSECONDS.toMillis(noticedAt[0] - killedAt),
            TimeUnit.NANOSECONDS.toMillis(claimedAt - noticedAt[0]));

          assertTrue(ctx.awaitCompletion(20, TimeUnit.SECONDS), "Fred and Bob hear Alice went offline");
          System.out.printf("kill -9 of a regions node: friends told offline within %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
          assertEquals(List.of(), await(services.presence().getAgents(List.of(ALICE))), "Alice is offline everywhere");
          assertEquals(List.of(), await(survivor.presence().getAgents(List.of(ALICE))));

          // Alice back, on the survivor: Fred hears her online, after exactly one offline.
          services.login(SURVIVING, ALICE);
          fred.await(e -> AgentInbox.friendStatus(ALICE, true).test(e)
            && fred.events().stream().filter(AgentInbox.friendStatus(ALICE, true)).count() == 2, "Alice back");
          assertEquals(1, fredHeardOffline.get(), "told offline exactly once, though two nodes saw the departure");
          if (ctx.failed()) {
            throw new AssertionError(ctx.causeOfFailure());
          }
        } finally {
          doomed.close();
        }
      }
    } finally {
      await(survivorVertx.close());
      await(servicesVertx.close());
    }
  }

  /** A regions node of the cluster grid: every service over the bus, only its private regions port. */
  static JsonObject regionsNode(String homeUri, JsonObject... regions) {
    JsonObject config = TestGrid.config("Regions node", new JsonArray(List.of((Object[]) regions)));
    config.remove("storage");
    config.getJsonObject("grid").put("homeUri", homeUri).put("friendsServerUri", homeUri);
    config.put("services", new JsonObject().put("hgfriends", bus()).put("friends", bus()).put("presence", bus())
      .put("grid", bus()).put("usermanagement", bus()));
    config.getJsonObject("http").remove("public");
    config.getJsonObject("http").getJsonObject("private").put("mounts", new JsonArray().add("regions").add("health"));
    return config;
  }

  private static JsonObject bus() {
    return new JsonObject().put("via", "bus");
  }

  /** A login through the services node's private port; a call still aimed at the dead node times out. */
  private static boolean loginWorks(TestGrid services, String regionId, String agentId) {
    try {
      return await(services.http.postAbs(services.privateUrl("/regions/" + regionId + "/agents")).timeout(8_000)
        .sendJsonObject(new JsonObject().put("agentId", agentId))).statusCode() == 200;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static int registrations(Vertx vertx, String regionId) {
    List<RegistrationInfo> found = await(((VertxInternal) vertx).<List<RegistrationInfo>>future(promise ->
      ((VertxInternal) vertx).clusterManager().getRegistrations(RegionService.address(regionId), promise)));
    return found.size();
  }

  private static String nodeId(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager().getNodeId();
  }
}
