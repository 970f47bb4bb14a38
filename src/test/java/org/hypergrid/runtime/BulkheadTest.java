package org.hypergrid.runtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A long queue of tasks that finish at once (notifications refused by an open circuit, say) drains
 * through the event loop, one task after another: no task starts the next from inside its own
 * completion, which overflowed the stack on a queue of thousands and held the loop meanwhile.
 */
@ExtendWith(VertxExtension.class)
class BulkheadTest {

  private static final int QUEUED = 100_000;

  @Test
  void aLongQueueOfTasksThatFinishAtOnceDrainsWithoutRecursion(Vertx vertx, VertxTestContext test) {
    Bulkhead bulkhead = new Bulkhead(1, QUEUED);
    Checkpoint allDone = test.checkpoint();
    AtomicInteger completed = new AtomicInteger();
    vertx.runOnContext(v -> {
      Promise<Void> first = Promise.promise();
      bulkhead.run(first::future);
      for (int i = 0; i < QUEUED; i++) {
        bulkhead.run(() -> Future.failedFuture("refused at once")).onComplete(done -> {
          if (completed.incrementAndGet() == QUEUED) {
            test.verify(() -> assertEquals(QUEUED, completed.get()));
            allDone.flag();
          }
        });
      }
      first.complete(); // the queue now drains, every task failing as soon as it starts
    });
  }
}
