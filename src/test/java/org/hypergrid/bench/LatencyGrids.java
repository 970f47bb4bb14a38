package org.hypergrid.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.RegionNodeService;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;

/**
 * The grids of {@link LatencyBench}, in a JVM of their own so that the load generator's
 * allocations, collections and threads are not the node's: a grid with 50 regions hosting
 * 100 friends of one foreign user (and one friend on a node that never answers), and grids A
 * and B whose agents are friends across them. Writes their addresses to a file once ready and
 * runs until killed. B records when each friend's "online" event reached Alice's client address
 * ({@code System.nanoTime}, the machine's monotonic clock, which the load process shares); the
 * load process reads those times from a small control server.
 * Arguments: readyFile logins
 */
public final class LatencyGrids {

  public static void main(String[] args) throws Exception {
    Path ready = Path.of(args[0]);
    int logins = Integer.parseInt(args[1]);
    TestGrid replies = replyGrid();
    TestGrid gridA = TestGrid.start(TestGrid.config("Grid A", new JsonArray()
      .add(TestGrid.region(LatencyBench.A_HOME, "A"))));
    TestGrid gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray()
      .add(TestGrid.region(LatencyBench.B_HOME, "B"))));
    Hypergrid.account(gridB, LatencyBench.ALICE, "Alice", "Smith");
    for (int i = 0; i < logins; i++) {
      Hypergrid.befriend(gridA, LatencyBench.loginAgent(i), "Agent " + i, gridB, LatencyBench.ALICE, "Alice Smith",
        String.format("%08x", i));
    }
    gridB.login(LatencyBench.B_HOME, LatencyBench.ALICE);
    Map<String, Long> heard = new ConcurrentHashMap<>();
    gridB.vertx.eventBus().<JsonObject>consumer(RegionProtocol.agentAddress(LatencyBench.ALICE), m -> {
      if (RegionProtocol.FRIEND_STATUS.equals(m.body().getString("type")) && m.body().getBoolean("online")) {
        heard.putIfAbsent(m.body().getString("friendId"), System.nanoTime());
      }
    });
    Vertx control = Vertx.vertx();
    int controlPort = TestGrid.await(control.createHttpServer()
      .requestHandler(request -> request.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject(Map.copyOf(heard)).encode()))
      .listen(0, "127.0.0.1")).actualPort();
    Path partial = ready.resolveSibling(ready.getFileName() + ".part");
    Files.writeString(partial, new JsonObject()
      .put("replyUrl", replies.publicUrl("/hgfriends"))
      .put("loginUrl", gridA.privateUrl("/regions/" + LatencyBench.A_HOME + "/agents"))
      .put("heardUrl", "http://127.0.0.1:" + controlPort + "/heard")
      .encode());
    Files.move(partial, ready);
    System.out.println("grids ready");
    Thread.currentThread().join(); // until the script kills this JVM
  }

  /**
   * 50 regions, 100 of the foreign user's friends logged in two to a region; friend 100 is online
   * in a region of another node as far as this one knows, and neither that node nor the region
   * ever answers.
   */
  static TestGrid replyGrid() {
    JsonArray regions = new JsonArray();
    for (int r = 0; r < LatencyBench.REGIONS; r++) {
      regions.add(TestGrid.region(LatencyBench.regionId(r), "Region " + r));
    }
    TestGrid grid = TestGrid.start(TestGrid.config("Grid", regions));
    for (int i = 0; i <= LatencyBench.FRIENDS; i++) {
      Hypergrid.foreignFriend(grid, LatencyBench.friend(i),
        LatencyBench.FOREIGN + ";http://127.0.0.1:1/;Foreign Friend;" + LatencyBench.secret(i));
      if (i < LatencyBench.FRIENDS) {
        grid.login(LatencyBench.regionId(i % LatencyBench.REGIONS), LatencyBench.friend(i));
      }
    }
    grid.vertx.eventBus().consumer(RegionNodeService.address("silent-node"), message -> { });
    grid.vertx.eventBus().consumer(RegionService.address(LatencyBench.SILENT), message -> { });
    PresenceView.publishRecorded(grid.vertx.eventBus(), new PresenceView.Session(
      UUID.fromString(LatencyBench.friend(LatencyBench.FRIENDS)), UUID.fromString("5e000000-0000-0000-0000-000000000001"),
      LatencyBench.SILENT, "silent-node", System.currentTimeMillis(), null), 1);
    return grid;
  }
}
