package org.hypergrid.friends.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.engine.Region;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.ALICE_SECRET;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Region verticles: logins and logouts over HTTP, the in-grid status path, and OpenSim's /friends. */
class RegionTest {

  static final String HILLS = "30000000-0000-0000-0000-000000000001";
  static final String SHORE = "30000000-0000-0000-0000-000000000002";
  static final String HANK = "40000000-0000-0000-0000-000000000001";
  static final String IRIS = "40000000-0000-0000-0000-000000000002";
  static final String JOE = "40000000-0000-0000-0000-000000000003";

  static TestGrid grid;

  @BeforeAll
  static void start() {
    grid = TestGrid.start(TestGrid.config("Grid", new JsonArray()
      .add(TestGrid.region(HILLS, "Hills")).add(TestGrid.region(SHORE, "Shore"))));
    // Hank and Iris are friends who show each other online; Joe lets Hank see him, not the converse.
    await(grid.friends().storeFriend(HANK, IRIS, 1));
    await(grid.friends().storeFriend(IRIS, HANK, 1));
    await(grid.friends().storeFriend(HANK, JOE, 0));
    await(grid.friends().storeFriend(JOE, HANK, 1));
  }

  @AfterAll
  static void stop() {
    grid.close();
  }

  @Test
  void loginRecordsPresenceTellsLocalFriendsAndListsThoseOnline() {
    grid.login(SHORE, IRIS);
    grid.login(SHORE, JOE);
    try (AgentInbox iris = new AgentInbox(grid.vertx, IRIS); AgentInbox joe = new AgentInbox(grid.vertx, JOE);
         AgentInbox hank = new AgentInbox(grid.vertx, HANK)) {
      JsonObject session = grid.login(HILLS, HANK);
      assertEquals(HILLS, session.getString("regionId"));
      List<PresenceInfo> presence = await(grid.presence().getAgents(List.of(HANK)));
      assertEquals(1, presence.size());
      assertEquals(HILLS, presence.get(0).getRegionId());

      iris.await(AgentInbox.friendStatus(HANK, true), "Iris hears Hank log in");
      JsonObject online = hank.await(e -> RegionProtocol.FRIENDS_ONLINE.equals(e.getString("type")), "Hank's friends list");
      assertEquals(new JsonArray().add(IRIS).add(JOE), online.getJsonArray("friends"));

      assertEquals(200, grid.logout(HILLS, HANK).statusCode());
      iris.await(AgentInbox.friendStatus(HANK, false), "Iris hears Hank log out");
      assertEquals(List.of(), await(grid.presence().getAgents(List.of(HANK))));
      assertTrue(joe.events().stream().noneMatch(e -> HANK.equals(e.getString("friendId"))),
        "Hank does not let Joe see him online");
    }
  }

  @Test
  void openSimsRegionLegReachesAHostedAgentAndSaysFalseOtherwise() {
    // GV6: Fred (foreign) tells Alice; they are friends and he lets her see him online.
    Hypergrid.foreignFriend(grid, ALICE, fredUui(ALICE_SECRET));
    grid.login(HILLS, ALICE);
    try (AgentInbox alice = new AgentInbox(grid.vertx, ALICE)) {
      HttpResponse<Buffer> reply = postFriends(text("GV6-region-status-request.form"));
      assertEquals(text("GV6-region-status-reply-true.xml"), reply.bodyAsString());
      alice.await(AgentInbox.friendStatus(FRED, true), "Alice hears Fred through the region leg");
    }
    String elsewhere = text("GV6-region-status-request.form").replace(ALICE, "aaaaaaaa-0000-0000-0000-0000000000ff");
    assertEquals(text("GV6-region-status-reply-false.xml"), postFriends(elsewhere).bodyAsString());
    assertEquals(text("GV6-region-status-reply-false.xml"),
      postFriends("METHOD=status&FromID=x&ToID=" + ALICE + "&Online=True").bodyAsString());
    assertEquals(text("GV6-region-status-reply-false.xml"),
      postFriends("METHOD=status&FromID=" + FRED + "&ToID=" + ALICE + "&Online=maybe").bodyAsString());
  }

  @Test
  void badLoginsAreRefusedWithAReason() {
    HttpResponse<Buffer> bad = await(grid.http.postAbs(grid.privateUrl("/regions/" + HILLS + "/agents"))
      .sendJsonObject(new JsonObject().put("agentId", "nope")));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsJsonObject().getString("error").contains("UUID"));
    HttpResponse<Buffer> noRegion = await(grid.http.postAbs(grid.privateUrl("/regions/" + FRED + "/agents"))
      .sendJsonObject(new JsonObject().put("agentId", HANK)));
    assertEquals(404, noRegion.statusCode());
    HttpResponse<Buffer> notJson = await(grid.http.postAbs(grid.privateUrl("/regions/" + HILLS + "/agents"))
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{oops")));
    assertEquals(400, notJson.statusCode());
    assertEquals(404, grid.logout(HILLS, "40000000-0000-0000-0000-0000000000ee").statusCode());
  }

  private HttpResponse<Buffer> postFriends(String body) {
    return await(grid.http.postAbs(grid.publicUrl("/friends"))
      .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body)));
  }
}
