package org.hypergrid.security;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same public requests get the same answers whether the web node's services are local, on
 * another node over the bus, or on another node over HTTP: a service's "not found" stays OpenSim's
 * False or "No Service URLs", never an error.
 */
class SameAnswersTest {

  static final String NOBODY = "99999999-0000-0000-0000-000000000999";

  @Test
  void localBusAndHttpAnswerAlike() {
    List<String> local;
    try (TestGrid grid = TestGrid.start(TestGrid.config("Local", new JsonArray()))) {
      seed(grid);
      local = answers(grid);
    }

    String cluster = "hg-same-" + UUID.randomUUID();
    Vertx servicesVertx = ClusterConfig.node(cluster, null);
    Vertx webVertx = ClusterConfig.node(cluster, null);
    try (TestGrid services = TestGrid.start(servicesVertx, TestGrid.config("Services", new JsonArray()));
         TestGrid web = TestGrid.start(webVertx, webNode(new JsonObject().put("via", "bus")))) {
      seed(services);
      assertEquals(local, answers(web), "over the bus");
    }

    try (TestGrid services = TestGrid.start(TestGrid.config("Services", new JsonArray()))) {
      seed(services);
      try (TestGrid web = TestGrid.start(webNode(new JsonObject().put("via", "http").put("url",
        services.privateUrl(""))))) {
        assertEquals(local, answers(web), "over HTTP");
      }
    }
  }

  private static JsonObject webNode(JsonObject via) {
    JsonObject web = TestGrid.config("Web node", new JsonArray());
    web.put("services", new JsonObject().put("hgfriends", new JsonObject().put("via", "local"))
      .put("friends", via).put("presence", via).put("grid", via).put("usermanagement", via));
    web.getJsonObject("http").getJsonObject("private").put("mounts", new JsonArray().add("health"));
    return web;
  }

  private static void seed(TestGrid grid) {
    Hypergrid.account(grid, ALICE, "Alice", "Smith");
    Hypergrid.foreignFriend(grid, ALICE, fredUui("1a2b3c4d"));
  }

  private static List<String> answers(TestGrid grid) {
    List<String> answers = new ArrayList<>();
    answers.add(grid.postForm("METHOD=friendship_offered&FromID=" + FRED + "&ToID=" + NOBODY + "&Message=hi"
      + "&FromName=fred.foo@127.0.0.1:1").bodyAsString());
    answers.add(grid.postForm("METHOD=validate_friendship_offered&PrincipalID=" + ALICE + "&Friend=" + NOBODY)
      .bodyAsString());
    answers.add(grid.postForm("METHOD=getfriendperms&PRINCIPALID=" + ALICE + "&FRIENDID=" + FRED
      + "&KEY=x&SESSIONID=" + NOBODY).bodyAsString());
    answers.add(grid.postForm("METHOD=statusnotification&userID=" + FRED + "&online=True&friend_0=" + ALICE
      + "%3bhttp%3a%2f%2fgridb.example.org%3a8002%2f%3bAlice+Smith%3b1a2b3c4d").bodyAsString());
    for (String user : new String[] {NOBODY, ALICE}) {
      String call = text("GV8-get_server_urls-request.xml").replace(FRED, user);
      answers.add(await(grid.http.postAbs(grid.publicUrl("/")).putHeader("Content-Type", "text/xml")
        .sendBuffer(Buffer.buffer(call))).bodyAsString()
        // Our users' URLs are those of whichever node hosts user management.
        .replaceAll("http://127\\.0\\.0\\.1:\\d+/", "<home>"));
    }
    return answers;
  }
}
