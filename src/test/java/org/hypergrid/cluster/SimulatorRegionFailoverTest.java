package org.hypergrid.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.GridVector;
import org.hypergrid.support.NodeProcess;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulator's region belongs to the cluster like any other. The services node (in this JVM)
 * takes the simulator's register and hands the region to a regions node in a process of its
 * own; that node is killed with -9; the region serves again on the surviving regions node (in
 * this JVM), the agent the dead node held is offline, and a new login through the simulator's
 * own calls lands there. When the simulator deregisters, the survivor lets the region go.
 */
class SimulatorRegionFailoverTest {

  static final String PEER_SIM = "30000000-0000-0000-0000-000000000001";

  @Test
  void aSimulatorsRegionServesAgainOnASurvivorAfterItsNodeIsKilled() throws Exception {
    String cluster = "hg-simfail-" + UUID.randomUUID();
    Path clusterXml = ClusterConfig.xml(cluster, NodeProcess.DIR);
    Vertx servicesVertx = ClusterConfig.node(cluster, null);
    Vertx survivorVertx = ClusterConfig.node(cluster, "regions");
    JsonObject servicesConfig = TestGrid.config("Cluster grid", new JsonArray());
    servicesConfig.getJsonObject("http").getJsonObject("private").getJsonArray("mounts").add("opensim");
    JsonObject local = new JsonObject().put("via", "local");
    servicesConfig.put("services", new JsonObject().put("hgfriends", local).put("friends", local)
      .put("presence", local).put("grid", local).put("usermanagement", local).put("griduser", local));
    servicesConfig.put("regionHost", new JsonObject().put("servesSimulators", false));
    try (TestGrid services = TestGrid.start(servicesVertx, servicesConfig)) {
      String home = services.config.getJsonObject("grid").getString("homeUri");
      HttpServer simulator = await(services.vertx.createHttpServer().requestHandler(request -> request.body()
        .onSuccess(body -> request.response().end(request.path().equals("/simstatus") ? "OK"
          : GridVector.load("GR83-simfriends-status-driver").replyBody()))).listen(0, "127.0.0.1"));
      NodeProcess doomed = NodeProcess.start("simulators-doomed-" + cluster.substring(11, 19),
        RegionFailoverTest.regionsNode(home), clusterXml, "regions").awaitReady(Duration.ofSeconds(60));
      JsonObject survivorConfig = RegionFailoverTest.regionsNode(home);
      // Serves no new simulator's region (so the doomed node gets this one), but takes one over.
      survivorConfig.put("regionHost", new JsonObject().put("servesSimulators", false));
      try (TestGrid survivor = TestGrid.start(survivorVertx, survivorConfig)) {
        String port = Integer.toString(simulator.actualPort());
        opensim(services, "/grid", GridVector.load("GR04-grid-register").requestBody()
          .replace("%3a18200%2f", "%3a" + port + "%2f").replace("serverHttpPort=18200", "serverHttpPort=" + port));
        await(TestGrid.until(services.vertx, Duration.ofSeconds(20), () -> services.grid().getRegion(PEER_SIM)
            .map(region -> region.getOwnerNode() != null && !region.getOwnerNode().equals(nodeId(survivorVertx))),
          "the regions node that serves simulators' regions claims it"));
        String session = UUID.randomUUID().toString();
        opensim(services, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + ALICE + "&SessionID=" + session);
        opensim(services, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + session
          + "&RegionID=" + PEER_SIM);
        assertTrue(agents(services).contains("<RegionID>" + PEER_SIM + "</RegionID>"));

        doomed.kill9();
        await(TestGrid.until(services.vertx, Duration.ofSeconds(30), () -> services.grid().getRegion(PEER_SIM)
          .map(region -> nodeId(survivorVertx).equals(region.getOwnerNode())), "the survivor serves the region"));
        await(TestGrid.until(services.vertx, Duration.ofSeconds(10), () -> Future.succeededFuture(
          agents(services).contains("<result>null</result>")), "the agent the dead node held is offline"));

        String again = UUID.randomUUID().toString();
        opensim(services, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + ALICE + "&SessionID=" + again);
        await(TestGrid.until(services.vertx, Duration.ofSeconds(10), () -> post(services, "/presence",
            "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + again + "&RegionID=" + PEER_SIM)
          .map(reply -> reply.bodyAsString().contains("Success")), "a new login lands in the region on the survivor"));
        assertEquals("[\"" + ALICE + "\"]", await(survivor.http.getAbs(services.privateUrl("/regions/" + PEER_SIM
          + "/agents")).send()).bodyAsString());

        opensim(services, "/grid", "REGIONID=" + PEER_SIM + "&METHOD=deregister");
        await(TestGrid.until(services.vertx, Duration.ofSeconds(10), () -> services.http
          .getAbs(services.privateUrl("/regions/" + PEER_SIM + "/agents")).send()
          .map(reply -> reply.statusCode() == 404), "the survivor lets the deregistered region go"));
      } finally {
        doomed.close();
      }
    } finally {
      await(survivorVertx.close());
      await(servicesVertx.close());
    }
  }

  private static String agents(TestGrid grid) {
    return await(post(grid, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getagents&uuids[]=" + ALICE)).bodyAsString();
  }

  private static void opensim(TestGrid grid, String path, String body) {
    HttpResponse<Buffer> reply = await(post(grid, path, body));
    assertTrue(reply.bodyAsString().contains("Success"), path + " " + body + ": " + reply.bodyAsString());
  }

  private static Future<HttpResponse<Buffer>> post(TestGrid grid, String path, String body) {
    return grid.http.postAbs(grid.privateUrl(path)).putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer(body));
  }

  private static String nodeId(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager().getNodeId();
  }
}
