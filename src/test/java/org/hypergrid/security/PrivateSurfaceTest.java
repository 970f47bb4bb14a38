package org.hypergrid.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.rpc.PrivateProtocol;
import org.hypergrid.shell.NodeConfig;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The private port is closed by default: loopback, a token beyond it, and a bridge for its own page only. */
class PrivateSurfaceTest {

  static final String TOKEN = "correct-horse-battery-staple";

  @Test
  void privateServicesBindLoopbackUnlessTheirHostIsSetAndThenNeedAToken() {
    JsonObject given = new JsonObject().put("http", new JsonObject()
      .put("public", new JsonObject().put("port", 8002).put("mounts", new JsonArray().add("hgfriends")))
      .put("ops", new JsonObject().put("port", 8003).put("mounts", new JsonArray().add("services").add("health"))));
    JsonObject resolved = NodeConfig.resolve(given, Map.of());
    assertEquals("127.0.0.1", resolved.getJsonObject("http").getJsonObject("ops").getString("host"),
      "a server with private mounts and no host binds loopback, whatever its name");
    assertEquals("0.0.0.0", resolved.getJsonObject("http").getJsonObject("public").getString("host"));

    given.getJsonObject("http").getJsonObject("ops").put("host", "0.0.0.0");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.resolve(given, Map.of()));
    assertTrue(e.getMessage().contains("set security.accessToken"), e.getMessage());
    NodeConfig.resolve(given, Map.of("HG_SECURITY_ACCESSTOKEN", TOKEN));

    JsonObject mixed = new JsonObject().put("http", new JsonObject().put("front", new JsonObject().put("port", 8002)
      .put("mounts", new JsonArray().add("hgfriends").add("regions"))));
    e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.resolve(mixed, Map.of()));
    assertTrue(e.getMessage().contains("http.front must not mount 'regions'"), "checked by mounts, not names: "
      + e.getMessage());
  }

  @Test
  void withATokenTheServicesRefuseCallersWithoutItAndOurConnectorsSendIt() {
    JsonObject config = TestGrid.config("Service node", new JsonArray()
      .add(TestGrid.region("60000000-0000-0000-0000-000000000001", "Here")));
    config.put("security", new JsonObject().put("accessToken", TOKEN));
    try (TestGrid services = TestGrid.start(config)) {
      String before = services.snapshot();
      JsonObject row = new JsonObject().put("principalId", ALICE).put("friend", "66666666-0000-0000-0000-000000000666")
        .put("flags", 1);
      assertEquals(401, storeFriend(services, null, row).statusCode(), "no token");
      assertEquals(401, storeFriend(services, "correct-horse-battery-stapler", row).statusCode(), "wrong token");
      assertEquals(401, await(services.http.postAbs(services.privateUrl("/regions/60000000-0000-0000-0000-000000000001/agents"))
        .sendJsonObject(new JsonObject().put("agentId", ALICE))).statusCode(), "regions need it too");
      assertEquals(before, services.snapshot(), "nothing stored");

      Hypergrid.foreignFriend(services, ALICE, fredUui("1a2b3c4d"));
      JsonObject web = TestGrid.config("Web node", new JsonArray());
      String url = services.privateUrl("");
      JsonObject viaHttp = new JsonObject().put("via", "http").put("url", url);
      web.put("services", new JsonObject().put("hgfriends", new JsonObject().put("via", "local"))
        .put("friends", viaHttp).put("presence", viaHttp).put("grid", viaHttp).put("usermanagement", viaHttp));
      web.put("security", new JsonObject().put("accessToken", TOKEN));
      web.getJsonObject("http").getJsonObject("private").put("mounts", new JsonArray().add("health"));
      try (TestGrid webNode = TestGrid.start(web)) {
        String fredsNotification = "METHOD=statusnotification&userID=" + FRED
          + "&online=False&friend_0=" + ALICE + "%3bhttp%3a%2f%2fgridb.example.org%3a8002%2f%3bAlice+Smith%3b1a2b3c4d";
        assertEquals(text("GV3-statusnotification-reply-null.xml"), webNode.postForm(fredsNotification).bodyAsString(),
          "the web node reaches the services with the token");
      }
    }
  }

  @Test
  void openSimsServiceAuthCarriesTheTokenWithItsUserName() {
    JsonObject config = TestGrid.config("Service node", new JsonArray());
    config.put("security", new JsonObject().put("accessToken", TOKEN).put("basicAuthUsername", "robust"));
    config.getJsonObject("http").getJsonObject("private").getJsonArray("mounts").add("opensim");
    JsonObject local = new JsonObject().put("via", "local");
    config.put("services", new JsonObject().put("hgfriends", local).put("friends", local).put("presence", local)
      .put("grid", local).put("usermanagement", local).put("griduser", local));
    try (TestGrid grid = TestGrid.start(config)) {
      String before = grid.snapshotOf("griduser");
      assertEquals(401, loggedIn(grid, null).statusCode(), "no credentials");
      assertEquals(401, loggedIn(grid, basic("someone", TOKEN)).statusCode(), "the right password, another user");
      assertEquals(401, loggedIn(grid, basic("robust", TOKEN + "x")).statusCode(), "the user, a wrong password");
      assertEquals(before, grid.snapshotOf("griduser"), "nothing stored");
      HttpResponse<Buffer> ok = loggedIn(grid, basic("robust", TOKEN));
      assertEquals(200, ok.statusCode());
      assertTrue(ok.bodyAsString().contains("<UserID>" + ALICE + "</UserID>"), "the grid user answers: " + ok.bodyAsString());
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static HttpResponse<Buffer> loggedIn(TestGrid grid, String authorization) {
    var request = grid.http.postAbs(grid.privateUrl("/griduser"))
      .putHeader("Content-Type", "application/x-www-form-urlencoded");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return await(request.sendBuffer(Buffer.buffer("VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedin&UserID=" + ALICE)));
  }

  @Test
  void theBridgeTakesOnlyItsOwnPagesOrigin() {
    try (TestGrid grid = TestGrid.start(TestGrid.config("Grid", new JsonArray()))) {
      WebSocketClient client = grid.vertx.createWebSocketClient();
      WebSocketConnectOptions foreign = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(grid.privatePort)
        .setURI("/eventbus/websocket").addHeader("Origin", "http://evil.example");
      assertThrows(IllegalStateException.class, () -> await(client.connect(foreign)), "a foreign page is refused");
      WebSocketConnectOptions own = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(grid.privatePort)
        .setURI("/eventbus/websocket").addHeader("Origin", "http://127.0.0.1:" + grid.privatePort);
      await(await(client.connect(own)).close());
      HttpResponse<Buffer> polling = await(grid.http.postAbs(grid.privateUrl("/eventbus/000/abcdefgh/xhr"))
        .putHeader("Origin", "http://evil.example").send());
      assertTrue(polling.statusCode() >= 400, "the transports that do not check the origin are off: "
        + polling.statusCode());
    }
  }

  private static HttpResponse<Buffer> storeFriend(TestGrid grid, String token, JsonObject row) {
    var request = grid.http.postAbs(grid.privateUrl("/services/friends/storeFriend"));
    if (token != null) {
      request.putHeader(PrivateProtocol.ACCESS_TOKEN_HEADER, token);
    }
    return await(request.sendJsonObject(row));
  }
}
