package org.hypergrid.friends;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.friends.api.FriendInfo;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dana (grid B) offered friendship to Fred (grid A); Fred accepts at home, and A completes it on
 * B with newfriendship, as OpenSim does. Both of B's rows must then be right — and status must
 * flow both ways between the grids.
 */
class AcceptedOfferTest {

  static final String DANA = "dddddddd-0000-0000-0000-00000000000d";
  static final String A_HOME = "a0000000-0000-0000-0000-000000000001";
  static final String B_HOME = "b0000000-0000-0000-0000-000000000001";
  static final String SECRET = "5ec2e7d0";

  @Test
  void anAcceptedOfferLetsStatusFlowBothWays() throws Throwable {
    // Dana logs in, out and in again: with the notifier's folding on, the three may fold into the
    // first (sent while Fred was offline) when they come faster than its window. Folding has its
    // own test; here every change is sent.
    JsonObject configA = TestGrid.config("Grid A", new JsonArray().add(TestGrid.region(A_HOME, "A")));
    JsonObject configB = TestGrid.config("Grid B", new JsonArray().add(TestGrid.region(B_HOME, "B")));
    for (JsonObject config : List.of(configA, configB)) {
      config.put("notifier", new JsonObject().put("coalesceMs", 0));
    }
    try (TestGrid gridA = TestGrid.start(configA); TestGrid gridB = TestGrid.start(configB)) {
      String homeA = gridA.config.getJsonObject("grid").getString("homeUri");
      String homeB = gridB.config.getJsonObject("grid").getString("homeUri");
      String fredOnB = Uui.format(FRED, homeA, "Fred Foo", SECRET);
      String danaOnA = Uui.format(DANA, homeB, "Dana Dee", SECRET);
      Hypergrid.account(gridA, FRED, "Fred", "Foo");
      Hypergrid.account(gridB, DANA, "Dana", "Dee");
      // Dana's offer, on B: her row only. Fred accepts at home: A stores both of its rows...
      await(gridB.friends().storeFriend(DANA, fredOnB, 1));
      Hypergrid.foreignFriend(gridA, FRED, danaOnA);
      // ...and tells B, which completes the friendship.
      String accept = "PrincipalID=" + FRED + "&Friend=" + URLEncoder.encode(danaOnA, StandardCharsets.UTF_8)
        + "&MyFlags=0&TheirFlags=0&METHOD=newfriendship&KEY&SESSIONID=00000000-0000-0000-0000-000000000000";
      assertEquals("<?xml version=\"1.0\"?>\n<ServerResponse>\n  <Result>Success</Result>\n</ServerResponse>",
        gridB.postForm(accept).bodyAsString());

      List<FriendInfo> danas = await(gridB.friends().getFriends(DANA));
      assertEquals(1, danas.size());
      assertEquals(fredOnB, danas.get(0).getFriend());
      assertEquals(1, danas.get(0).getMyFlags(), "Dana lets Fred see her");
      assertEquals(1, danas.get(0).getTheirFlags(), "Fred lets Dana see him: the converse row exists");
      List<FriendInfo> converse = await(gridB.friends().getFriends(fredOnB));
      assertEquals(1, converse.size(), "the converse row is keyed by Fred's full identifier");
      assertEquals(1, converse.get(0).getMyFlags());

      gridB.login(B_HOME, DANA);
      try (AgentInbox dana = new AgentInbox(gridB.vertx, DANA); AgentInbox fred = new AgentInbox(gridA.vertx, FRED)) {
        VertxTestContext ctx = new VertxTestContext();
        Checkpoint heard = ctx.checkpoint(2);
        gridA.loginLater(A_HOME, FRED, null)
          .compose(v -> dana.next(AgentInbox.friendStatus(FRED, true), "Dana on B hears Fred log in on A", 10_000))
          .onSuccess(event -> heard.flag())
          .compose(v -> gridB.logoutLater(B_HOME, DANA))
          .compose(v -> gridB.loginLater(B_HOME, DANA, null))
          .compose(v -> fred.next(AgentInbox.friendStatus(DANA, true), "Fred on A hears Dana log in on B", 10_000))
          .onSuccess(event -> heard.flag())
          .onFailure(ctx::failNow);
        assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS), "both heard within 30 s");
        if (ctx.failed()) {
          throw ctx.causeOfFailure();
        }
      }
    }
  }
}
