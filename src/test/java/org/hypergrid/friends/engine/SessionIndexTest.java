package org.hypergrid.friends.engine;

import org.hypergrid.friends.engine.PresenceView.Session;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The presence view's session tables hold what a map would: the same answers as a HashMap over a
 * long random run of logins, moves and logouts, with ids made by hand (neighbouring numbers, which
 * collide in the tables) as well as random ones, through growth and removals; and no session is
 * lost when threads write different agents at once.
 */
class SessionIndexTest {

  @Test
  void answersAsAMapDoesThroughGrowthAndRemovals() {
    Random random = new Random(21);
    SessionIndex byAgent = new SessionIndex(false);
    SessionIndex bySession = new SessionIndex(true);
    Map<UUID, Session> expectedByAgent = new HashMap<>();
    Map<UUID, Session> expectedBySession = new HashMap<>();
    List<UUID> agents = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      agents.add(i % 2 == 0 ? new UUID(0, i) : UUID.randomUUID()); // half made by hand, in sequence
    }
    for (int step = 0; step < 400_000; step++) {
      UUID agent = agents.get(random.nextInt(agents.size()));
      Session current = expectedByAgent.get(agent);
      if (current == null || random.nextInt(3) > 0) {
        Session next = new Session(agent, current != null && random.nextBoolean() ? current.sessionId() : UUID.randomUUID(),
          "region-" + random.nextInt(50), "node-1", step, null);
        byAgent.put(next);
        if (current != null) {
          bySession.remove(current);
          expectedBySession.remove(current.sessionId());
        }
        bySession.put(next);
        expectedByAgent.put(agent, next);
        expectedBySession.put(next.sessionId(), next);
      } else {
        assertTrue(byAgent.remove(current), "the held session is removed");
        assertTrue(bySession.remove(current));
        expectedByAgent.remove(agent);
        expectedBySession.remove(current.sessionId());
      }
      if (step % 997 == 0) {
        UUID probe = agents.get(random.nextInt(agents.size()));
        assertEquals(expectedByAgent.get(probe), byAgent.get(probe.getMostSignificantBits(), probe.getLeastSignificantBits()));
      }
    }
    for (UUID agent : agents) {
      Session expected = expectedByAgent.get(agent);
      assertEquals(expected, byAgent.get(agent.getMostSignificantBits(), agent.getLeastSignificantBits()), "agent " + agent);
      if (expected != null) {
        UUID session = expected.sessionId();
        assertSame(expected, bySession.get(session.getMostSignificantBits(), session.getLeastSignificantBits()));
      }
    }
    assertEquals(expectedByAgent.size(), byAgent.size());
    assertEquals(expectedBySession.size(), bySession.size());
    Map<UUID, Session> walked = new HashMap<>();
    byAgent.forEach(session -> walked.put(session.agentId(), session));
    assertEquals(expectedByAgent, walked, "a pass over all sees each held session once");
  }

  @Test
  void aSessionThatIsNoLongerHeldIsNotRemoved() {
    SessionIndex byAgent = new SessionIndex(false);
    UUID agent = UUID.randomUUID();
    Session first = new Session(agent, UUID.randomUUID(), "r", "node-1", 1, null);
    Session second = new Session(agent, UUID.randomUUID(), "r", "node-1", 2, null);
    byAgent.put(first);
    byAgent.put(second);
    assertEquals(false, byAgent.remove(first), "a superseded session's removal leaves the later one");
    assertSame(second, byAgent.get(agent.getMostSignificantBits(), agent.getLeastSignificantBits()));
    assertTrue(byAgent.remove(second));
    assertNull(byAgent.get(agent.getMostSignificantBits(), agent.getLeastSignificantBits()));
    assertEquals(0, byAgent.size());
  }

  @Test
  void threadsWritingAtOnceLoseNothing() throws Exception {
    SessionIndex byAgent = new SessionIndex(false);
    int threads = 4;
    int each = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            byAgent.put(new Session(new UUID(thread, i), UUID.randomUUID(), "r", "node-1", i, null));
          }
          for (int i = 0; i < each; i += 2) {
            UUID agent = new UUID(thread, i);
            byAgent.remove(byAgent.get(agent.getMostSignificantBits(), agent.getLeastSignificantBits()));
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * each / 2, byAgent.size());
    for (long t = 0; t < threads; t++) {
      for (int i = 0; i < each; i++) {
        Session held = byAgent.get(t, i);
        assertEquals(i % 2 == 1, held != null, "agent " + t + "/" + i);
      }
    }
  }
}
