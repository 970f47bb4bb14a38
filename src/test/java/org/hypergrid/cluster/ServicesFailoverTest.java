package org.hypergrid.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.FriendInfo;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.runtime.ServiceProxies;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.NodeProcess;
import org.hypergrid.support.TestDatabase;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two services nodes on one store serve the same interfaces on the bus; one of them, in a process
 * of its own, is killed with -9. Callers on a regions node keep getting answers from the other:
 * no call waits longer than the proxies' send timeout, and once the cluster has noticed, every
 * call succeeds.
 */
class ServicesFailoverTest {

  static final String PLAZA = "e0000000-0000-0000-0000-000000000001";

  @Test
  void killingOneServicesNodeLeavesTheOtherAnswering() throws Exception {
    String cluster = "hg-services-" + UUID.randomUUID();
    Path clusterXml = ClusterConfig.xml(cluster, NodeProcess.DIR);
    String store = TestDatabase.newDatabase();
    Vertx servicesVertx = ClusterConfig.node(cluster, null);
    Vertx regionsVertx = ClusterConfig.node(cluster, "regions");
    JsonObject first = TestGrid.config("Services one", new JsonArray());
    first.getJsonObject("storage").put("uri", store);
    JsonObject second = TestGrid.config("Services two", new JsonArray());
    second.getJsonObject("storage").put("uri", store);
    try (NodeProcess doomed = NodeProcess.start("services-doomed-" + cluster.substring(12, 20), first, clusterXml,
           "services").awaitReady(Duration.ofSeconds(60));
         TestGrid survivor = TestGrid.start(servicesVertx, second);
         TestGrid regions = TestGrid.start(regionsVertx, RegionFailoverTest.regionsNode(
           survivor.config.getJsonObject("grid").getString("homeUri"), TestGrid.region(PLAZA, "Plaza")))) {
      await(survivor.friends().storeFriend(ALICE, BOB, 1));
      await(survivor.friends().storeFriend(BOB, ALICE, 1));
      FriendsService friends = FriendsService.createProxy(regionsVertx, FriendsService.ADDRESS);
      for (int i = 0; i < 10; i++) {
        assertEquals(1, await(friends.getFriends(ALICE)).size(), "both services nodes answer the same");
      }

      doomed.kill9();
      List<Long> waits = new ArrayList<>();
      boolean[] lastOk = {false};
      TestGrid.eventually(Duration.ofSeconds(30), () -> {
        long start = System.nanoTime();
        try {
          List<FriendInfo> rows = await(friends.getFriends(ALICE));
          lastOk[0] = rows.size() == 1;
        } catch (IllegalStateException e) {
          lastOk[0] = false; // sent to the dead node before the cluster noticed: its timeout
        }
        waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return lastOk[0] && waits.size() >= 5;
      }, "calls answered by the surviving services node");
      for (int i = 0; i < 10; i++) {
        assertEquals(1, await(friends.getFriends(ALICE)).size(), "every call succeeds once the cluster noticed");
      }
      long longest = waits.stream().mapToLong(Long::longValue).max().orElse(0);
      System.out.printf("kill -9 of a services node: %d calls until steady, longest wait %d ms%n", waits.size(),
        longest);
      assertTrue(longest <= ServiceProxies.DEFAULT_TIMEOUT_MS + 1_000, "no call waited past its send timeout: " + waits);
      assertEquals(PLAZA, regions.login(PLAZA, ALICE).getString("regionId"), "logins work through the survivor");
    } finally {
      await(regionsVertx.close());
      await(servicesVertx.close());
    }
  }
}
