package org.hypergrid.hypergrid;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

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
  void quickChangesAreFoldedAndFriendsEndWithTheLastState() {
    JsonObject configA = TestGrid.config("Grid A", new JsonArray().add(TestGrid.region(A_HOME, "A")));
    configA.put("notifier", new JsonObject().put("coalesceMs", 1_000));
    try (TestGrid gridA = TestGrid.start(configA);
         TestGrid gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray().add(TestGrid.region(B_HOME, "B"))))) {
      Hypergrid.account(gridA, FRED, "Fred", "Foo");
      Hypergrid.account(gridB, ALICE, "Alice", "Smith");
      Hypergrid.befriend(gridA, FRED, "Fred Foo", gridB, ALICE, "Alice Smith", "c0a1e5ce");
      gridB.login(B_HOME, ALICE);
      try (AgentInbox alice = new AgentInbox(gridB.vertx, ALICE)) {
        // Login, logout, login: one notification (online), the folded two cancel out.
        gridA.login(A_HOME, FRED);
        gridA.logout(A_HOME, FRED);
        gridA.login(A_HOME, FRED);
        settle(gridA);
        double received = gridB.metric("hg_notifications_received_total");
        assertTrue(received <= 2, received + " notifications for three changes");
        assertEquals(true, lastStatusOfFred(alice), "Alice sees Fred online");

        // Logout, login, logout: Alice ends up seeing him offline.
        gridA.logout(A_HOME, FRED);
        gridA.login(A_HOME, FRED);
        gridA.logout(A_HOME, FRED);
        settle(gridA);
        double more = gridB.metric("hg_notifications_received_total") - received;
        assertTrue(more <= 2, more + " notifications for three changes");
        TestGrid.eventually(Duration.ofSeconds(5), () -> Boolean.FALSE.equals(lastStatusOfFred(alice)),
          "Alice ends up seeing Fred offline");
        assertTrue(gridA.metric("hg_notifications_coalesced_total") >= 4, "the folded changes are counted");
        System.out.printf("coalescing: 6 changes in two bursts, %.0f notifications received by grid B%n",
          received + more);
      }
    }
  }

  /** Until grid A has no window open: every notification it will send for the burst has been answered. */
  private static void settle(TestGrid grid) {
    TestGrid.eventually(Duration.ofSeconds(10), () -> grid.metric("hg_coalescer_windows") == 0, "windows closed");
  }

  private static Boolean lastStatusOfFred(AgentInbox inbox) {
    List<JsonObject> fred = inbox.events().stream().filter(e -> FRED.equals(e.getString("friendId"))).toList();
    return fred.isEmpty() ? null : fred.get(fred.size() - 1).getBoolean("online");
  }
}
