package org.hypergrid.friends.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.hypergrid.runtime.ClusterView;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's session changes reach the other nodes' views in batches: a burst of 5,000 changes is
 * one bus message, applied in order (an agent who logs out and in again within it is online in
 * the later session); a node that joins after the burst takes the sessions from the owner's
 * snapshot and then its next batch, and holds what the owner holds. Three views of three "nodes"
 * share one Vert.x bus here; their digests are far apart, so only batches and snapshots move.
 */
class PresenceBatchesTest {

  private static final long NEVER_MS = 600_000;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void aBurstIsOneMessageAppliedInOrderAndAJoiningNodeCatchesUp() {
    PresenceView owner = view(NEVER_MS);
    PresenceView other = view(5);
    await(owner.start(0));
    await(other.start(0));
    AtomicInteger batches = new AtomicInteger();
    vertx.eventBus().<Buffer>consumer(PresenceView.CHANGES, message -> {
      if (owner.nodeId().equals(message.headers().get("node"))) {
        batches.incrementAndGet();
      }
    });

    List<UUID> agents = new ArrayList<>();
    for (int i = 0; i < 4_989; i++) {
      UUID agent = UUID.randomUUID();
      agents.add(agent);
      owner.record(agent, UUID.randomUUID(), "region-" + (i % 7), null);
    }
    // Nine leave; the tenth leaves and comes back in a new session: the 5,000th change publishes the batch.
    for (int i = 0; i < 9; i++) {
      owner.end(agents.get(i), owner.find(agents.get(i)).sessionId());
    }
    UUID returning = agents.get(9);
    owner.end(returning, owner.find(returning).sessionId());
    PresenceView.Session back = owner.record(returning, UUID.randomUUID(), "region-back", null);

    await(TestGrid.until(vertx, Duration.ofSeconds(10), () -> Future.succeededFuture(other.size() == 4_980),
      "the other node holds the owner's 4,980 sessions"));
    assertEquals(1, batches.get(), "5,000 changes, one message");
    assertNull(other.find(agents.get(0)), "who left is gone there too");
    assertEquals(back.sessionId(), other.find(returning).sessionId(), "the later session, as on the owner");
    assertEquals("region-back", other.find(returning).regionId());

    PresenceView joining = view(5);
    await(joining.start(2)); // the owner's snapshot and the other node's (empty) one
    assertEquals(4_980, joining.size(), "a node joining later takes the owner's sessions from its snapshot");
    UUID late = UUID.randomUUID();
    owner.record(late, UUID.randomUUID(), "region-late", null);
    await(owner.stop()); // publishes what it gathered
    await(TestGrid.until(vertx, Duration.ofSeconds(10), () -> Future.succeededFuture(joining.size() == 4_981
      && other.size() == 4_981), "both hold the change made after the snapshot"));
    assertEquals(2, batches.get());
    assertTrue(joining.inSync(), "the batch after the snapshot follows it: nothing suspected missing");
    assertEquals(owner.find(late).sessionId(), joining.find(late).sessionId());
  }

  private PresenceView view(long batchMs) {
    return new PresenceView(vertx, ClusterView.of(vertx), 5_000, NEVER_MS, batchMs, new SimpleMeterRegistry());
  }
}
