package org.hypergrid.friends.engine;

import io.vertx.core.json.JsonArray;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A burst of logins larger than the presence service takes in one call (a login storm, or a store
 * that was slow for a moment) is written to the journal in several calls, all of it, against the
 * grid's real presence service and store; and ends are written after the starts they end.
 */
class SessionJournalBurstTest {

  @Test
  void aBurstOfTwelveThousandSessionsIsJournalledWhole() {
    try (TestGrid grid = TestGrid.start(TestGrid.config("Journal grid", new JsonArray()))) {
      SessionJournal journal = new SessionJournal(grid.vertx, grid.presence(), 3_600_000, () -> false);
      UUID ended = null;
      for (int i = 0; i < 12_000; i++) {
        UUID agent = UUID.randomUUID();
        PresenceView.Session session = new PresenceView.Session(agent, UUID.randomUUID(), PresenceView.NO_REGION,
          "burst-node", System.currentTimeMillis(), null);
        journal.recorded(session);
        if (i == 11_999) {
          journal.ended(agent, session.sessionId());
          ended = agent;
        }
      }
      await(journal.stop());
      assertEquals(11_999L, count(grid, "SELECT count(*) FROM session_journal WHERE node_id = 'burst-node'"),
        "every session journalled, the one ended gone");
      assertEquals(0L, count(grid, "SELECT count(*) FROM session_journal WHERE agent_id = '" + ended + "'"));
    }
  }

  private static long count(TestGrid grid, String sql) {
    return await(grid.sql().query(sql).execute()).iterator().next().getLong(0);
  }
}
