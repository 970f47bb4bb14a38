package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node that stops gracefully with thousands of agents online tells every one's foreign friend
 * that they left, although that is more friend look-ups at once than its store's wait queue
 * holds (a 4-connection pool, 2,000 waiting): the look-ups wait their turn instead of failing.
 */
@Tag("slow")
class ManyGoodbyesTest {

  static final int AGENTS = 3_000;
  static final String WELCOME = "e4000000-0000-0000-0000-000000000001";
  static final String FREDS_PLACE = "e4000000-0000-0000-0000-0000000000f1";
  static final String SECRET = "600dbye5";

  @Test
  void aStoppingNodeWithThreeThousandAgentsTellsEveryForeignFriend() {
    try (TestGrid fredsGrid = TestGrid.start(TestGrid.config("Fred's grid", new JsonArray()
      .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))))) {
      TestGrid ours = TestGrid.start(TestGrid.config("Busy grid", new JsonArray().add(TestGrid.region(WELCOME,
        "Welcome"))));
      Hypergrid.account(fredsGrid, FRED, "Fred", "Foo");
      String ourHome = ours.config.getJsonObject("grid").getString("homeUri");
      String fredUui = Uui.format(FRED, fredsGrid.config.getJsonObject("grid").getString("homeUri"), "Fred Foo", SECRET);
      List<Tuple> ourRows = new ArrayList<>();
      List<Tuple> fredsRows = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        String agent = agent(i);
        String agentUui = Uui.format(agent, ourHome, "Agent " + i, SECRET);
        ourRows.add(Tuple.of(agent, fredUui));
        ourRows.add(Tuple.of(fredUui, agent));
        fredsRows.add(Tuple.of(FRED, agentUui));
        fredsRows.add(Tuple.of(agentUui, FRED));
      }
      String insert = "INSERT INTO friends (principal_id, friend, flags) VALUES ($1, $2, 1)";
      await(ours.sql().preparedQuery(insert).executeBatch(ourRows));
      await(fredsGrid.sql().preparedQuery(insert).executeBatch(fredsRows));
      for (int from = 0; from < AGENTS; from += 100) {
        List<Future<?>> logins = new ArrayList<>();
        for (int i = from; i < from + 100; i++) {
          logins.add(ours.loginLater(WELCOME, agent(i), null));
        }
        await(Future.join(logins));
      }
      await(TestGrid.until(fredsGrid.vertx, Duration.ofSeconds(60), () -> fredsGrid.metricLater(
        "hg_notifications_received_total").map(received -> received >= AGENTS), "Fred's grid hears every login"));

      ours.close(); // a graceful stop: every agent logs out, every friend is told
      await(TestGrid.until(fredsGrid.vertx, Duration.ofSeconds(60), () -> fredsGrid.metricLater(
          "hg_notifications_received_total").map(received -> received >= 2 * AGENTS),
        "Fred's grid hears every goodbye"));
      assertEquals(2.0 * AGENTS, fredsGrid.metric("hg_notifications_received_total"),
        "each login and each goodbye told exactly once");
    }
  }

  private static String agent(int i) {
    return String.format("a4000000-0000-0000-0000-%012d", i);
  }
}
