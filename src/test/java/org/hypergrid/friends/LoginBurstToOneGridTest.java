package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of logins on grid A whose friends all live on grid B: for each, A asks B for the
 * friend's service URLs (get_server_urls) and then sends the statusnotification. A's connections
 * to B and their wait queue are far smaller than the burst (4 and 12 here, 32 and 256 by default),
 * so unqueued look-ups overflowed the pool, those statuses were lost, and B was taken for a grid
 * that fails. Each friend on B hears its friend's login, once; A counts no failed notification.
 */
class LoginBurstToOneGridTest {

  private static final int USERS = 150;
  private static final String A_HOME = "a0000000-0000-0000-0000-00000000000a";
  private static final String B_HOME = "b0000000-0000-0000-0000-00000000000b";

  private TestGrid gridA;
  private TestGrid gridB;
  private final List<AgentInbox> inboxes = new ArrayList<>();

  @AfterEach
  void stop() {
    inboxes.forEach(AgentInbox::close);
    for (TestGrid grid : new TestGrid[] {gridA, gridB}) {
      if (grid != null) {
        grid.close();
      }
    }
  }

  @Test
  void everyFriendOnTheOtherGridHearsEveryLoginOfABurst() throws Exception {
    JsonObject configA = TestGrid.config("Grid A", new JsonArray().add(TestGrid.region(A_HOME, "Home")));
    configA.getJsonObject("outbound").put("maxConnections", 4).put("maxWaitQueue", 12);
    gridA = TestGrid.start(configA);
    gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray().add(TestGrid.region(B_HOME, "Home"))));
    for (int i = 0; i < USERS; i++) {
      Hypergrid.account(gridA, ours(i), "Ours", String.valueOf(i));
      Hypergrid.account(gridB, theirs(i), "Theirs", String.valueOf(i));
      Hypergrid.befriend(gridA, ours(i), "Ours " + i, gridB, theirs(i), "Theirs " + i, String.format("%08x", i));
      gridB.login(B_HOME, theirs(i));
      inboxes.add(new AgentInbox(gridB.vertx, theirs(i)));
    }

    VertxTestContext ctx = new VertxTestContext();
    List<Future<JsonObject>> logins = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      logins.add(gridA.loginLater(A_HOME, ours(i), null));
    }
    List<Future<JsonObject>> heard = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      heard.add(inboxes.get(i).next(AgentInbox.friendStatus(ours(i), true), "the login of " + ours(i), 30_000));
    }
    Future.all(logins).compose(v -> Future.all(heard)).onComplete(ctx.succeedingThenComplete());
    assertTrue(ctx.awaitCompletion(60, TimeUnit.SECONDS), "every friend on grid B heard in time");
    if (ctx.failed()) {
      throw new AssertionError(ctx.causeOfFailure());
    }

    for (int i = 0; i < USERS; i++) {
      String friend = ours(i);
      long times = inboxes.get(i).events().stream().filter(AgentInbox.friendStatus(friend, true)).count();
      assertEquals(1, times, theirs(i) + " heard " + friend + "'s login once");
    }
    assertEquals(0.0, gridA.metric("hg_notifications_sent_total", "outcome=\"failed\""), "grid A: none failed");
    assertEquals(0.0, gridA.metric("hg_notifications_sent_total", "outcome=\"circuit_open\""),
      "grid A: grid B never taken for a failing grid");
    assertEquals(USERS, gridB.metric("hg_notifications_received_total"), 0.0, "grid B: every notification received");
  }

  private static String ours(int i) {
    return String.format("a1000000-0000-4000-8000-%012d", i);
  }

  private static String theirs(int i) {
    return String.format("b1000000-0000-4000-8000-%012d", i);
  }
}
