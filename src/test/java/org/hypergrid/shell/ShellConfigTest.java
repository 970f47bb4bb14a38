package org.hypergrid.shell;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.friends.api.UserAccount;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server shell: config validation, environment overrides, and reach chosen by config alone. */
class ShellConfigTest {

  @Test
  void environmentOverridesAnyKey() {
    JsonObject config = NodeConfig.resolve(new JsonObject(), Map.of("HG_HTTP_PUBLIC_PORT", "9102",
      "HG_STORAGE_DATADIR", "/srv/hg/pg", "HG_STORAGE_URI", "postgresql://hg@db/hg",
      "HG_HTTP_PRIVATE_MOUNTS", "services,health", "HG_DEMO_SEED", "true"));
    assertEquals(9102, config.getJsonObject("http").getJsonObject("public").getInteger("port"));
    assertEquals(8003, config.getJsonObject("http").getJsonObject("private").getInteger("port"));
    assertEquals("/srv/hg/pg", config.getJsonObject("storage").getString("dataDir"));
    assertEquals("postgresql://hg@db/hg", config.getJsonObject("storage").getString("uri"));
    assertEquals(new JsonArray().add("services").add("health"),
      config.getJsonObject("http").getJsonObject("private").getJsonArray("mounts"));
    assertTrue(config.getJsonObject("demo").getBoolean("seed"));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> NodeConfig.resolve(new JsonObject(), Map.of("HG_HTTP_PUBLIC_PORT", "eighty")));
    assertTrue(e.getMessage().contains("HG_HTTP_PUBLIC_PORT must be a whole number, not 'eighty'"), e.getMessage());
  }

  /** Precedence defaults ← file ← system properties ← environment; keys the file lacks and lists too. */
  @Test
  void openSimsPrivateFriendsAndTheRegionLegsPublicFriendsNeverShareAServer() {
    JsonObject given = new JsonObject().put("services", new JsonObject()
        .put("hgfriends", new JsonObject().put("via", "local")).put("friends", new JsonObject().put("via", "local"))
        .put("presence", new JsonObject().put("via", "local")).put("grid", new JsonObject().put("via", "local"))
        .put("usermanagement", new JsonObject().put("via", "local")).put("griduser", new JsonObject().put("via", "local")))
      .put("http", new JsonObject().put("both", new JsonObject().put("port", 8002)
        .put("mounts", new JsonArray().add("friends-sim").add("opensim"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.resolve(given, Map.of()));
    assertTrue(e.getMessage().contains("http.both must not mount 'opensim'"), e.getMessage());
  }

  @Test
  void connectionLimitsAndPrivateHostNamesAreCheckedAtStart() {
    JsonObject given = new JsonObject().put("connections", new JsonObject().put("maxPerAddress", 0))
      .put("security", new JsonObject().put("privateHostNames", "ops.example"))
      .put("http", new JsonObject().put("public", new JsonObject().put("port", 8002)
        .put("mounts", new JsonArray().add("hgfriends")).put("connections", new JsonObject().put("headerTimeoutMs", "soon"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.resolve(given, Map.of()));
    assertTrue(e.getMessage().contains("connections.maxPerAddress must be a positive number"), e.getMessage());
    assertTrue(e.getMessage().contains("connections.headerTimeoutMs must be a positive number"), e.getMessage());
    assertTrue(e.getMessage().contains("security.privateHostNames must be a list of texts"), e.getMessage());
  }

  @Test
  void systemPropertiesAndEnvironmentReachEveryKey() {
    JsonObject config = NodeConfig.resolve(new JsonObject().put("storage", new JsonObject().put("poolSize", 3)),
      Map.of("hg.http.public.port", "9200", "hg.storage.poolSize", "7"),
      Map.of("HG_HTTP_PUBLIC_PORT", "9300",
        "HG_SERVICES_ASSETS_VIA", "http", "HG_SERVICES_ASSETS_URL", "http://assets.example:8003",
        "HG_REGIONS", "[{\"id\":\"70000000-0000-0000-0000-000000000001\",\"name\":\"From the environment\"}]",
        "HG_HTTP_OPS_PORT", "9400", "HG_HTTP_OPS_MOUNTS", "[\"health\",\"metrics\"]"));
    assertEquals(9300, config.getJsonObject("http").getJsonObject("public").getInteger("port"), "environment wins");
    assertEquals(7, config.getJsonObject("storage").getInteger("poolSize"), "system properties beat the file");
    assertEquals(new JsonObject().put("via", "http").put("url", "http://assets.example:8003"),
      config.getJsonObject("services").getJsonObject("assets"));
    assertEquals("From the environment", config.getJsonArray("regions").getJsonObject(0).getString("name"));
    assertEquals(new JsonObject().put("port", 9400).put("mounts", new JsonArray().add("health").add("metrics"))
      .put("host", "127.0.0.1"), config.getJsonObject("http").getJsonObject("ops"), "a server the file lacks");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> NodeConfig.resolve(new JsonObject(), Map.of(), Map.of("HG_REGIONS", "[{oops", "HG_HTTP_PUBLIC_PORT", "x")));
    assertTrue(e.getMessage().contains("HG_REGIONS must be JSON of the kind it replaces"), e.getMessage());
    assertTrue(e.getMessage().contains("HG_HTTP_PUBLIC_PORT must be a whole number"), e.getMessage());
  }

  /** {@code -conf} naming a file that is not there, or not JSON, stops the start with a message. */
  @Test
  void anUnreadableConfFileStopsTheStart() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("hg-conf");
    java.nio.file.Path good = java.nio.file.Files.writeString(dir.resolve("good.json"), "{\"grid\":{}}");
    java.nio.file.Path broken = java.nio.file.Files.writeString(dir.resolve("broken.json"), "{\"grid\":");
    assertTrue(Main.unreadableConf(new String[]{"-conf", dir.resolve("missing.json").toString()}).orElseThrow()
      .contains("does not exist or cannot be read"));
    assertTrue(Main.unreadableConf(new String[]{"--conf=" + broken}).orElseThrow().contains("is not a JSON object"));
    assertTrue(Main.unreadableConf(new String[]{"-conf", good.toString()}).isEmpty());
    assertTrue(Main.unreadableConf(new String[]{"-conf", "{\"grid\":{}}"}).isEmpty(), "inline JSON is the launcher's");
  }

  @Test
  void everyPrepackagedConfigIsValid() throws Exception {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("conf"))) {
      List<java.nio.file.Path> presets = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertTrue(presets.size() >= 6, "the presets are there: " + presets);
      for (java.nio.file.Path preset : presets) {
        JsonObject config = NodeConfig.resolve(new JsonObject(java.nio.file.Files.readString(preset)), Map.of());
        config.getJsonObject("http").forEach(server -> assertTrue(
          NodeConfig.privateMounts((JsonObject) server.getValue()).isEmpty()
            || "127.0.0.1".equals(((JsonObject) server.getValue()).getString("host")),
          preset + ": private mounts bind loopback"));
      }
    }
  }

  @Test
  void aBadConfigIsRefusedWithEveryProblemNamed() {
    JsonObject bad = new JsonObject()
      .put("services", new JsonObject().put("hgfriends", new JsonObject().put("via", "local"))
        .put("friends", new JsonObject().put("via", "http"))
        .put("presence", new JsonObject().put("via", "carrier-pigeon"))
        .put("grid", new JsonObject().put("via", "local")).put("usermanagement", new JsonObject().put("via", "local"))
        .put("inventory", new JsonObject().put("via", "local")))
      .put("http", new JsonObject().put("public", new JsonObject().put("port", 8002)
        .put("mounts", new JsonArray().add("hgfriends").add("services"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.resolve(bad, Map.of()));
    assertTrue(e.getMessage().contains("unknown service 'inventory'"), e.getMessage());
    assertTrue(e.getMessage().contains("'friends' is reached via http but has no url"), e.getMessage());
    assertTrue(e.getMessage().contains("via must be local, bus or http, not 'carrier-pigeon'"), e.getMessage());
    assertTrue(e.getMessage().contains("http.public must not mount 'services'"), e.getMessage());
  }

  @Test
  void aPortInUseFailsTheStartAndSaysWhich() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      JsonObject config = TestGrid.config("Busy", new JsonArray());
      config.getJsonObject("http").getJsonObject("public").put("port", taken.getLocalPort());
      Vertx vertx = Vertx.vertx();
      try {
        Throwable failure = assertThrows(IllegalStateException.class, () -> await(
          vertx.deployVerticle(new ServerShellVerticle(), new DeploymentOptions().setConfig(config))));
        assertTrue(failure.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), failure.getMessage());
      } finally {
        await(vertx.close());
      }
    }
  }

  /**
   * A web node that hosts only HGFriends and reaches Friends, Presence, Grid and User management
   * over HTTP on a service node's private port: the same code, chained differently by config.
   */
  @Test
  void servicesAreReachedOverHttpByConfigAlone() {
    try (TestGrid services = TestGrid.start(TestGrid.config("Service node", new JsonArray()
      .add(TestGrid.region("60000000-0000-0000-0000-000000000001", "Service node region"))))) {
      await(services.users().storeAccount(new UserAccount().setUserId(ALICE).setFirstName("Alice").setLastName("Smith")));
      Hypergrid.alicesAndBobsFriendshipsWithFred(services, "60000000-0000-0000-0000-000000000001");
      JsonObject web = TestGrid.config("Web node", new JsonArray());
      String url = services.privateUrl("");
      web.put("services", new JsonObject().put("hgfriends", new JsonObject().put("via", "local"))
        .put("friends", new JsonObject().put("via", "http").put("url", url))
        .put("presence", new JsonObject().put("via", "http").put("url", url))
        .put("grid", new JsonObject().put("via", "http").put("url", url))
        .put("usermanagement", new JsonObject().put("via", "http").put("url", url)));
      web.getJsonObject("http").getJsonObject("private").put("mounts", new JsonArray().add("health"));
      try (TestGrid webNode = TestGrid.start(web)) {
        HttpResponse<Buffer> reply = webNode.postForm(text("GV1-statusnotification-request.form"));
        assertEquals(text("GV2-statusnotification-reply-two-online.xml"), reply.bodyAsString());
        HttpResponse<Buffer> health = await(webNode.http.getAbs(webNode.privateUrl("/health")).send());
        assertEquals(200, health.statusCode(), "a node without a store of its own is healthy");
      }
      HttpResponse<Buffer> unknown = await(services.http.postAbs(services.privateUrl("/services/inventory/get"))
        .sendJsonObject(new JsonObject()));
      assertEquals(404, unknown.statusCode());
      HttpResponse<Buffer> badArgs = await(services.http.postAbs(services.privateUrl("/services/friends/getFriends"))
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1,2")));
      assertEquals(400, badArgs.statusCode());
      String before = services.snapshot();
      HttpResponse<Buffer> garbage = await(services.http.postAbs(services.privateUrl("/services/friends/storeFriend"))
        .sendJsonObject(new JsonObject().put("principalId", "").put("friend", "nobody").put("flags", 1)));
      assertEquals(400, garbage.statusCode());
      assertTrue(garbage.bodyAsJsonObject().getString("error").contains("universal user identifier"));
      assertEquals(before, services.snapshot(), "nothing stored");
    }
  }

  /** A node whose HGFriends is another grid's, reached over OpenSim HTTP: IN → OUT, no code. */
  @Test
  void hgfriendsIsProxiedToAnotherGridByConfigAlone() {
    try (TestGrid gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray()
      .add(TestGrid.region("60000000-0000-0000-0000-000000000002", "Grid B region"))))) {
      Hypergrid.alicesAndBobsFriendshipsWithFred(gridB, "60000000-0000-0000-0000-000000000002");
      JsonObject proxy = TestGrid.config("Proxy", new JsonArray());
      proxy.put("services", new JsonObject().put("hgfriends", new JsonObject().put("via", "http").put("url", gridB.publicUrl("/")))
        .put("friends", new JsonObject().put("via", "local")).put("presence", new JsonObject().put("via", "local"))
        .put("grid", new JsonObject().put("via", "local")).put("usermanagement", new JsonObject().put("via", "local")));
      try (TestGrid proxyNode = TestGrid.start(proxy)) {
        assertEquals(text("GV2-statusnotification-reply-two-online.xml"),
          proxyNode.postForm(text("GV1-statusnotification-request.form")).bodyAsString());
        assertEquals(text("GV5-failure-reply.xml"), proxyNode.postForm("METHOD=getfriendperms&PRINCIPALID=" + ALICE
          + "&FRIENDID=" + ALICE + "&KEY=x&SESSIONID=" + ALICE).bodyAsString(), "B's refusal comes back as a Failure");

        gridB.stop();
        HttpResponse<Buffer> upstreamGone = proxyNode.postForm(text("GV1-statusnotification-request.form"));
        assertEquals(text("GV5-failure-reply.xml"), upstreamGone.bodyAsString());
        assertEquals("internal error", upstreamGone.getHeader("X-Failure-Reason"),
          "our own failures are not described to the caller");
      }
    }
  }
}
