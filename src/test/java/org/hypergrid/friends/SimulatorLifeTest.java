package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.friends.monitor.NodeReports;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.GridVector;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A region's life with a simulator behind it, driven as OpenSim 0.9.2.2 drives it: fake
 * simulators (real HTTP servers on loopback answering {@code /simstatus} and recording what
 * reaches their {@code /friends}) start their regions, a user logs in through presence and grid
 * user, a friend on a second grid comes online and the simulator hears it with OpenSim's exact
 * bytes, the user teleports, logs out, the region is logged out; then a simulator dies and the
 * grid, on both sides, says its agent is offline, once.
 */
class SimulatorLifeTest {

  static final String PEER_SIM = "30000000-0000-0000-0000-000000000001";
  static final String DRIVER_REGION = "30000000-0000-0000-0000-000000000002";
  static final String BOB_REGION = "31000000-0000-0000-0000-000000000001";

  static TestGrid home;
  static TestGrid other;
  static FakeSimulator first;
  static FakeSimulator second;

  /** A simulator's HTTP face: simstatus while alive, and the friends notices it receives. */
  static final class FakeSimulator {
    final List<String> friendsBodies = new CopyOnWriteArrayList<>();
    final List<String> friendsTypes = new CopyOnWriteArrayList<>();
    final HttpServer server;

    FakeSimulator(TestGrid grid) {
      server = await(grid.vertx.createHttpServer().requestHandler(request -> {
        if (request.path().equals("/simstatus")) {
          request.response().putHeader("Content-Type", "text/plain").end("OK");
        } else if (request.path().equals("/friends")) {
          request.body().onSuccess(body -> {
            friendsTypes.add(request.getHeader("Content-Type"));
            friendsBodies.add(body.toString());
            request.response().putHeader("Content-Type", "text/xml").putHeader("Connection", "close")
              .end(GridVector.load("GR83-simfriends-status-driver").replyBody());
          });
        } else {
          request.response().setStatusCode(404).end();
        }
      }).listen(0, "127.0.0.1"));
    }

    String uri() {
      return "http://127.0.0.1:" + server.actualPort() + "/";
    }

    /** The status notices it received, as OpenSim's bodies. */
    long statuses(String from, String to, boolean online) {
      return friendsBodies.stream().filter(("METHOD=status&FromID=" + from + "&ToID=" + to + "&Online="
        + (online ? "True" : "False"))::equals).count();
    }
  }

  @BeforeAll
  static void start() {
    JsonObject config = TestGrid.config("Simulators' grid", new JsonArray());
    config.getJsonObject("http").getJsonObject("private").getJsonArray("mounts").add("opensim");
    JsonObject local = new JsonObject().put("via", "local");
    config.put("services", new JsonObject().put("hgfriends", local).put("friends", local).put("presence", local)
      .put("grid", local).put("usermanagement", local).put("griduser", local));
    config.getJsonObject("grid").put("regionFlags", new JsonObject().put("PeerSim", "DefaultRegion, FallbackRegion"));
    config.put("regionHost", new JsonObject().put("simulatorCheckSeconds", 1).put("simulatorDeadSeconds", 3));
    config.put("notifier", new JsonObject().put("coalesceMs", 0));
    home = TestGrid.start(config);
    JsonObject otherConfig = TestGrid.config("Bob's grid", new JsonArray().add(TestGrid.region(BOB_REGION, "Bobland")));
    otherConfig.put("notifier", new JsonObject().put("coalesceMs", 0));
    other = TestGrid.start(otherConfig);
    Hypergrid.account(home, ALICE, "Alice", "Smith");
    Hypergrid.account(other, BOB, "Bob", "Jones");
    Hypergrid.befriend(home, ALICE, "Alice Smith", other, BOB, "Bob Jones", "5ec2e7");
    first = new FakeSimulator(home);
    second = new FakeSimulator(home);
  }

  @AfterAll
  static void stop() {
    other.close();
    home.close();
  }

  @Test
  void aRegionsLifeWithASimulatorBehindIt() {
    // A. Region start-up, in the order OpenSim.exe sends it.
    opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logoutregion&RegionID=" + PEER_SIM);
    opensim("/grid", "METHOD=get_grid_extra_features");
    register("GR04-grid-register", first, "18200");
    assertEquals("<?xml version=\"1.0\"?><ServerResponse><result>null</result></ServerResponse>",
      opensim("/grid", "SCOPEID=00000000-0000-0000-0000-000000000000&REGIONID=" + PEER_SIM + "&METHOD=get_neighbours"));
    register("GR65-grid-register-new", second, "18210");

    // B. A viewer login through ROBUST's login service, then the simulator's report and position.
    String session = UUID.randomUUID().toString();
    opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + ALICE + "&SessionID=" + session
      + "&SecureSessionID=" + UUID.randomUUID());
    assertTrue(opensim("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedin&UserID=" + ALICE)
      .contains("<Online>True</Online>"));
    opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + session + "&RegionID=" + PEER_SIM);

    // Bob, on the other grid, comes online: Alice's simulator hears it with OpenSim's bytes.
    other.login(BOB_REGION, BOB);
    await(TestGrid.until(home.vertx, Duration.ofSeconds(10), () -> Future.succeededFuture(
      first.statuses(BOB, ALICE, true) == 1), "the simulator hosting Alice is told Bob is online"));
    assertEquals("application/x-www-form-urlencoded", first.friendsTypes.get(0));
    assertEquals(GridVector.load("GR81-simfriends-status-hg").requestBody()
      .replace("11111111-2222-3333-4444-555555555555", BOB).replace("40000000-0000-0000-0000-000000000001", ALICE),
      first.friendsBodies.get(0), "FriendsSimConnector's body, byte for byte");

    // D. A teleport to the second simulator's region: one session moves.
    opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + session + "&RegionID=" + DRIVER_REGION);
    assertTrue(agents().contains("<RegionID>" + DRIVER_REGION + "</RegionID>"), agents());
    other.logout(BOB_REGION, BOB);
    await(TestGrid.until(home.vertx, Duration.ofSeconds(10), () -> Future.succeededFuture(
      second.statuses(BOB, ALICE, false) == 1), "the simulator Alice is in now hears Bob leave"));
    assertEquals(0, first.statuses(BOB, ALICE, false), "the one she left does not");

    // C. Logout: grid user, then presence, as the simulator sends them.
    opensim("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedout&UserID=" + ALICE + "&RegionID=" + DRIVER_REGION
      + "&Position=%3c128%2c+128%2c+22.40578%3e&LookAt=%3c0%2c+1%2c+0%3e");
    opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logout&SessionID=" + session);
    assertTrue(agents().contains("<result>null</result>"), agents());

    // E. Region shutdown with Alice in it: deregister, then logoutregion; Bob hears she left.
    other.login(BOB_REGION, BOB);
    String again = login(DRIVER_REGION);
    try (AgentInbox bob = new AgentInbox(other.vertx, BOB)) {
      opensim("/grid", "REGIONID=" + DRIVER_REGION + "&METHOD=deregister");
      opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logoutregion&RegionID=" + DRIVER_REGION);
      bob.await(AgentInbox.friendStatus(ALICE, false), "Bob is told Alice left with her region");
    }
    assertTrue(agents().contains("<result>null</result>"), "no session left: " + again);

    // The simulator behind PeerSim dies with Alice in it.
    login(PEER_SIM);
    try (AgentInbox bob = new AgentInbox(other.vertx, BOB)) {
      await(first.server.close());
      await(TestGrid.until(home.vertx, Duration.ofSeconds(15), () -> home.http.postAbs(home.privateUrl("/grid"))
          .putHeader("Content-Type", "application/x-www-form-urlencoded")
          .sendBuffer(Buffer.buffer("SCOPEID=00000000-0000-0000-0000-000000000000&REGIONID=" + PEER_SIM
            + "&METHOD=get_region_flags"))
          .map(reply -> reply.bodyAsString().contains("<result>3</result>")),
        "the region is marked offline (DefaultRegion|FallbackRegion, not RegionOnline) but stays registered"));
      assertTrue(agents().contains("<result>null</result>"), "Alice is offline on her grid: " + agents());
      assertTrue(opensim("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getgriduserinfo&UserID=" + ALICE)
        .contains("<Online>False</Online>"), "her grid user says offline");
      bob.await(AgentInbox.friendStatus(ALICE, false), "Bob, on the other grid, is told");
      await(TestGrid.until(home.vertx, Duration.ofSeconds(5), () -> home.metricLater("hg_notifications_sent_total",
        "outcome=\"sent\"").map(sent -> sent >= 1), "the notification went out"));
      assertEquals(1, bob.events().stream().filter(AgentInbox.friendStatus(ALICE, false)).count(),
        "exactly once: " + bob.events());
    }

    // The operator page's report counts what reached simulators.
    Promise<JsonObject> report = Promise.promise();
    MessageConsumer<JsonObject> reports = home.vertx.eventBus().consumer(NodeReports.ADDRESS,
      message -> report.tryComplete(message.body()));
    JsonObject counted = await(report.future()).getJsonObject("notifications");
    await(reports.unregister());
    assertEquals(first.friendsBodies.size() + second.friendsBodies.size(), counted.getLong("toSimulators"),
      "every status the simulators received, counted: " + counted);
  }

  /** A login and the simulator's report, as the login service and the simulator send them. */
  private static String login(String region) {
    String session = UUID.randomUUID().toString();
    opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + ALICE + "&SessionID=" + session
      + "&SecureSessionID=" + UUID.randomUUID());
    opensim("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedin&UserID=" + ALICE);
    opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + session + "&RegionID=" + region);
    return session;
  }

  /** Registers the region of a recorded register, with the fake simulator's address in it. */
  private static void register(String vector, FakeSimulator simulator, String recordedPort) {
    String port = Integer.toString(simulator.server.actualPort());
    opensim("/grid", GridVector.load(vector).requestBody().replace("%3a" + recordedPort + "%2f", "%3a" + port + "%2f")
      .replace("serverHttpPort=" + recordedPort, "serverHttpPort=" + port));
    String region = vector.startsWith("GR04") ? PEER_SIM : DRIVER_REGION;
    await(TestGrid.until(home.vertx, Duration.ofSeconds(10), () -> home.http
      .getAbs(home.privateUrl("/regions/" + region + "/agents")).send().map(reply -> reply.statusCode() == 200),
      "the region is served"));
  }

  private static String agents() {
    return opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getagents&uuids[]=" + ALICE);
  }

  private static String opensim(String path, String body) {
    HttpResponse<Buffer> reply = await(home.http.postAbs(home.privateUrl(path))
      .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body)));
    assertEquals(200, reply.statusCode());
    assertTrue(!reply.bodyAsString().contains("Failure"), path + " " + body + ": " + reply.bodyAsString() + " "
      + reply.getHeader("X-Failure-Reason"));
    return reply.bodyAsString();
  }
}
