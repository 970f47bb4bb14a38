package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fred (grid A) changes status several times within the coalescing window (a second here, so the
 * test does not depend on how fast the machine is); grid B, where his friend Alice is online, gets
 * at most two notifications for it, and Alice ends up seeing his last state.
 */
class CoalescingTest {

  static final String A_HOME = "a0000000-0000-0000-0000-000000000001";
  static final String B_HOME = "b0000000-0000-0000-0000-000000000001";

  @Test
  void quickChangesAreFoldedAndFriendsEndWithTheLastState() throws Throwable {
    JsonObject configA = TestGrid.config("Grid A", new JsonArray().add(TestGrid.region(A_HOME, "A")));
    configA.put("notifier", new JsonObject().put("coalesceMs", 1_000));
    try (TestGrid gridA = TestGrid.start(configA);
         TestGrid gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray().add(TestGrid.region(B_HOME, "B"))));
         AgentInbox alice = signedUp(gridA, gridB)) {
      VertxTestContext ctx = new VertxTestContext();
      double[] received = {0};
      // Login, logout, login: one notification (online), the folded two cancel out.
      burst(gridA, true, false, true)
        .compose(v -> alice.next(AgentInbox.friendStatus(FRED, true), "Alice hears Fred online", 5_000))
        .compose(v -> gridB.metricLater("hg_notifications_received_total"))
        .compose(count -> {
          received[0] = count;
          ctx.verify(() -> {
            assertTrue(count <= 2, count + " notifications for three changes");
            assertEquals(true, lastStatusOfFred(alice), "Alice sees Fred online");
          });
          // Logout, login, logout: Alice ends up seeing him offline.
          Set<JsonObject> before = seen(alice);
          return burst(gridA, false, true, false).compose(v -> alice.next(e -> !before.contains(e)
            && AgentInbox.friendStatus(FRED, false).test(e), "Alice hears Fred offline", 5_000));
        })
        .compose(v -> Future.all(gridB.metricLater("hg_notifications_received_total"),
          gridA.metricLater("hg_notifications_coalesced_total")))
        .onSuccess(counts -> ctx.verify(() -> {
          double more = counts.<Double>resultAt(0) - received[0];
          assertTrue(more <= 2, more + " notifications for three changes");
          assertEquals(false, lastStatusOfFred(alice), "Alice ends up seeing Fred offline");
          assertTrue(counts.<Double>resultAt(1) >= 4, "the folded changes are counted");
          System.out.printf("coalescing: 6 changes in two bursts, %.0f notifications received by grid B%n",
            received[0] + more);
        }))
        .onComplete(ctx.succeedingThenComplete());
      assertTrue(ctx.awaitCompletion(60, TimeUnit.SECONDS), "the bursts were told within a minute");
      if (ctx.failed()) {
        throw ctx.causeOfFailure();
      }
    }
  }

  /** Fred and Alice are friends across the two grids; Alice is online on B and watching. */
  private static AgentInbox signedUp(TestGrid gridA, TestGrid gridB) {
    Hypergrid.account(gridA, FRED, "Fred", "Foo");
    Hypergrid.account(gridB, ALICE, "Alice", "Smith");
    Hypergrid.befriend(gridA, FRED, "Fred Foo", gridB, ALICE, "Alice Smith", "c0a1e5ce");
    gridB.login(B_HOME, ALICE);
    return new AgentInbox(gridB.vertx, ALICE);
  }

  /** Fred's changes one after the other, then until grid A has sent (and been answered) all it will send. */
  private static Future<Void> burst(TestGrid gridA, boolean... online) {
    Future<Void> chain = Future.succeededFuture();
    for (boolean in : online) {
      chain = chain.compose(v -> in ? gridA.loginLater(A_HOME, FRED, null).mapEmpty()
        : gridA.logoutLater(A_HOME, FRED).mapEmpty());
    }
    return chain.compose(v -> TestGrid.until(gridA.vertx, Duration.ofSeconds(10),
      () -> gridA.metricLater("hg_coalescer_windows").map(open -> open == 0), "windows closed"));
  }

  private static Set<JsonObject> seen(AgentInbox inbox) {
    Set<JsonObject> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.addAll(inbox.events());
    return seen;
  }

  private static Boolean lastStatusOfFred(AgentInbox inbox) {
    List<JsonObject> fred = inbox.events().stream().filter(e -> FRED.equals(e.getString("friendId"))).toList();
    return fred.isEmpty() ? null : fred.get(fred.size() - 1).getBoolean("online");
  }
}
