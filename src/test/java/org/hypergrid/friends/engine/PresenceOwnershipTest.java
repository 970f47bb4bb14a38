package org.hypergrid.friends.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Presence belongs to the region hosting the agent: one session per agent per grid, gone with a
 * logout or with its region, and a foreign grid learns exactly that. Grid F is Fred's home; Alice
 * and Bob live on grid B, in Welcome and Sandbox.
 */
@ExtendWith(VertxExtension.class)
class PresenceOwnershipTest {

  static final String FREDS_PLACE = "f0000000-0000-0000-0000-0000000000f1";
  static final String WELCOME = "b0000000-0000-0000-0000-000000000001";
  static final String SANDBOX = "b0000000-0000-0000-0000-000000000002";

  TestGrid gridF;
  TestGrid gridB;

  @BeforeEach
  void startGrids() {
    gridF = TestGrid.start(TestGrid.config("Grid F", new JsonArray().add(TestGrid.region(FREDS_PLACE, "Fred's Place"))));
    gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray()
      .add(TestGrid.region(WELCOME, "Welcome")).add(TestGrid.region(SANDBOX, "Sandbox"))));
    Hypergrid.account(gridF, FRED, "Fred", "Foo");
    Hypergrid.account(gridB, ALICE, "Alice", "Smith");
    Hypergrid.account(gridB, BOB, "Bob", "Jones");
    Hypergrid.befriend(gridF, FRED, "Fred Foo", gridB, ALICE, "Alice Smith", "1a2b3c4d");
    Hypergrid.befriend(gridF, FRED, "Fred Foo", gridB, BOB, "Bob Jones", "9f8e7d6c");
  }

  @AfterEach
  void stopGrids() {
    for (TestGrid grid : new TestGrid[] {gridB, gridF}) {
      if (grid != null) {
        grid.close();
      }
    }
  }

  @Test
  void aSecondLoginReplacesTheFirstAndOneLogoutEndsIt() {
    gridB.login(WELCOME, ALICE);
    gridB.login(WELCOME, ALICE);
    assertEquals(1, await(gridB.presence().getAgents(List.of(ALICE))).size(), "one presence, not two");
    assertEquals(200, gridB.logout(WELCOME, ALICE).statusCode());

    assertEquals(text("GV3-statusnotification-reply-null.xml"), fredsGridTellsB(true),
      "after one logout, Fred's grid hears nobody is online");
    assertEquals(List.of(), await(gridB.presence().getAgents(List.of(ALICE))));
    assertEquals(new JsonArray(), agentsIn(WELCOME));
    assertEquals(404, gridB.logout(WELCOME, ALICE).statusCode(), "the session is gone: nothing left to end");
  }

  @Test
  void aLoginInAnotherRegionMovesThePresenceThere() {
    gridB.login(WELCOME, ALICE);
    gridB.login(SANDBOX, ALICE);

    List<PresenceInfo> sessions = await(gridB.presence().getAgents(List.of(ALICE)));
    assertEquals(1, sessions.size());
    assertEquals(SANDBOX, sessions.get(0).getRegionId());
    assertEquals(new JsonArray(), agentsIn(WELCOME), "Welcome let her go");
    assertEquals(new JsonArray().add(ALICE), agentsIn(SANDBOX));
    assertEquals("<?xml version=\"1.0\"?><ServerResponse><friend_0>" + ALICE + "</friend_0></ServerResponse>",
      fredsGridTellsB(true), "Fred's grid sees Alice online once");

    assertEquals(404, gridB.logout(WELCOME, ALICE).statusCode(), "the old region holds nothing");
    assertEquals(200, gridB.logout(SANDBOX, ALICE).statusCode());
    assertEquals(text("GV3-statusnotification-reply-null.xml"), fredsGridTellsB(true));
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aGridThatStopsTellsForeignFriendsItsAgentsWentOffline(VertxTestContext ctx) {
    gridF.login(FREDS_PLACE, FRED);
    gridB.login(WELCOME, ALICE);
    gridB.login(SANDBOX, BOB);
    Set<String> heardOffline = ConcurrentHashMap.newKeySet();
    Checkpoint aliceAndBobOffline = ctx.checkpoint(2);
    MessageConsumer<JsonObject> fredsClient = gridF.vertx.eventBus().consumer(RegionProtocol.agentAddress(FRED), m -> {
      JsonObject event = m.body();
      if (RegionProtocol.FRIEND_STATUS.equals(event.getString("type")) && !event.getBoolean("online")) {
        ctx.verify(() -> {
          String friend = event.getString("friendId");
          assertEquals(true, Set.of(ALICE, BOB).contains(friend), "only Fred's friends on B: " + friend);
          if (heardOffline.add(friend)) {
            aliceAndBobOffline.flag();
          }
        });
      }
    });
    await(fredsClient.completion());

    gridB.stop();
  }

  /** Grid F's statusnotification for Fred to grid B, naming Alice and Bob as F stores them. */
  private String fredsGridTellsB(boolean online) {
    String home = gridB.config.getJsonObject("grid").getString("homeUri");
    String body = "METHOD=statusnotification&userID=" + FRED + "&online=" + (online ? "True" : "False")
      + "&friend_0=" + ALICE + "%3b" + home + "%3bAlice+Smith%3b1a2b3c4d"
      + "&friend_1=" + BOB + "%3b" + home + "%3bBob+Jones%3b9f8e7d6c";
    HttpResponse<Buffer> reply = gridB.postForm(body);
    assertEquals(200, reply.statusCode());
    return reply.bodyAsString();
  }

  private JsonArray agentsIn(String regionId) {
    return await(gridB.http.getAbs(gridB.privateUrl("/regions/" + regionId + "/agents")).send()).bodyAsJsonArray();
  }
}
