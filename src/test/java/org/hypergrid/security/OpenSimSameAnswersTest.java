package org.hypergrid.security;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.GridVector;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * OpenSim's grid-side protocols get the same answers whether the node serving the {@code opensim}
 * mount has the services itself, reaches them on another node over the event bus, or over our
 * private HTTP, sessions placed in a simulator's region included (the region is served where
 * presence reaches it).
 */
class OpenSimSameAnswersTest {

  static final String USER = "45000000-0000-0000-0000-000000000001";
  static final String FRIEND = "45000000-0000-0000-0000-000000000002";
  static final String REGION = "30000000-0000-0000-0000-000000000002";
  static final String SESSION = "55000000-0000-0000-0000-000000000001";

  @Test
  void localBusAndHttpAnswerAlike() {
    List<String> local;
    List<String> localPlaced;
    try (TestGrid grid = TestGrid.start(node("Local", local()))) {
      local = answers(grid);
      localPlaced = placed(grid);
    }

    String cluster = "hg-same-opensim-" + UUID.randomUUID();
    Vertx servicesVertx = ClusterConfig.node(cluster, null);
    Vertx webVertx = ClusterConfig.node(cluster, null);
    try (TestGrid services = TestGrid.start(servicesVertx, node("Services", local()));
         TestGrid web = TestGrid.start(webVertx, node("Web node", new JsonObject().put("via", "bus")))) {
      assertEquals(local, answers(web), "over the bus");
      assertEquals(localPlaced, placed(web), "over the bus, with a session placed in a region");
    }

    try (TestGrid services = TestGrid.start(node("Services", local()))) {
      JsonObject via = new JsonObject().put("via", "http").put("url", services.privateUrl(""));
      try (TestGrid web = TestGrid.start(node("Web node", via))) {
        assertEquals(local, answers(web), "over HTTP");
        assertEquals(localPlaced, placed(web), "over HTTP, with a session placed in a region");
      }
    }
  }

  private static JsonObject local() {
    return new JsonObject().put("via", "local");
  }

  /** A node mounting {@code opensim} whose services (but hgfriends) are reached {@code via}. */
  private static JsonObject node(String name, JsonObject via) {
    JsonObject config = TestGrid.config(name, new JsonArray());
    config.getJsonObject("http").getJsonObject("private").getJsonArray("mounts").add("opensim");
    config.put("services", new JsonObject().put("hgfriends", local()).put("friends", via).put("presence", via)
      .put("grid", via).put("usermanagement", via).put("griduser", via));
    return config;
  }

  private static List<String> answers(TestGrid grid) {
    List<String> answers = new ArrayList<>();
    String register = GridVector.load("GR65-grid-register-new").requestBody();
    for (String[] call : new String[][] {
      {"/grid", register},
      {"/grid", "SCOPEID=00000000-0000-0000-0000-000000000000&REGIONID=" + REGION + "&METHOD=get_region_by_uuid"},
      {"/grid", "SCOPEID=00000000-0000-0000-0000-000000000000&XMIN=0&XMAX=999999&YMIN=0&YMAX=999999"
        + "&METHOD=get_region_range"},
      {"/grid", "SCOPEID=00000000-0000-0000-0000-000000000000&REGIONID=" + REGION + "&METHOD=get_region_flags"},
      {"/grid", "SCOPEID=00000000-0000-0000-0000-000000000000&NAME=Driver&MAX=5&METHOD=get_regions_by_name"},
      {"/friends", "PrincipalID=" + USER + "&Friend=" + FRIEND + "&MyFlags=1&METHOD=storefriend"},
      {"/friends", "PRINCIPALID=" + USER + "&METHOD=getfriends"},
      {"/friends", "PRINCIPALID=nobody&METHOD=getfriends"},
      {"/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + USER + "&SessionID=" + SESSION},
      {"/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getagent&SessionID=" + SESSION},
      {"/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getagents&uuids[]=" + USER + "&uuids[]=" + FRIEND},
      {"/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedin&UserID=" + USER},
      {"/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=setposition&UserID=" + USER + "&RegionID=" + REGION
        + "&Position=%3c1%2c+2%2c+3%3e&LookAt=%3c0%2c+1%2c+0%3e"},
      {"/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getgriduserinfos&AgentIDs[]=" + USER + "&AgentIDs[]=" + FRIEND},
      {"/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getgriduserinfo&UserID=" + FRIEND},
      {"/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + UUID.randomUUID() + "&RegionID=" + REGION},
      {"/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logout&SessionID=" + SESSION},
      {"/friends", "PRINCIPALID=" + USER + "&FRIEND=" + FRIEND + "&METHOD=deletefriend"},
      {"/grid", "REGIONID=" + REGION + "&METHOD=deregister"},
      {"/grid", "REGIONID=" + REGION + "&METHOD=deregister"}}) {
      answers.add(call[0] + " " + post(grid, call[0], call[1]));
    }
    return answers;
  }

  /** A session placed in a simulator's region, which needs the region and presence on one event bus. */
  private static List<String> placed(TestGrid grid) {
    List<String> answers = new ArrayList<>();
    post(grid, "/grid", GridVector.load("GR65-grid-register-new").requestBody());
    post(grid, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + USER + "&SessionID=" + SESSION);
    // The region serves once its node has claimed it: the simulator's report succeeds from then on.
    await(TestGrid.until(grid.vertx, java.time.Duration.ofSeconds(10), () -> grid.http.postAbs(grid.privateUrl(
        "/presence")).putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(
        "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + SESSION + "&RegionID=" + REGION))
      .map(reply -> reply.bodyAsString().contains("Success")), "the session is placed in the served region"));
    answers.add(post(grid, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getagents&uuids[]=" + USER));
    answers.add(post(grid, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logoutregion&RegionID=" + REGION));
    answers.add(post(grid, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getagents&uuids[]=" + USER));
    answers.add(post(grid, "/grid", "REGIONID=" + REGION + "&METHOD=deregister"));
    return answers;
  }

  private static String post(TestGrid grid, String path, String body) {
    return GridVector.withoutTimes(await(grid.http.postAbs(grid.privateUrl(path))
      .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body))).bodyAsString());
  }
}
