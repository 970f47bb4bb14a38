package org.hypergrid.runtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.serviceproxy.ServiceException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Bounds work that callers can start: at most {@code concurrency} tasks run at once and
 * {@code queue} wait; a task past both is refused at once ({@link ServiceErrors#TOO_MANY}), so a
 * flood costs a counter, not memory or sockets.
 */
public final class Bulkhead {

  private final int concurrency;
  private final int queue;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  public Bulkhead(int concurrency, int queue) {
    this.concurrency = concurrency;
    this.queue = queue;
  }

  /** Runs {@code task} now or when a place frees; fails at once when the queue is full too. */
  public <T> Future<T> run(Supplier<Future<T>> task) {
    Promise<T> result = Promise.promise();
    Runnable start = () -> {
      Future<T> started;
      try {
        started = task.get();
      } catch (RuntimeException e) {
        started = Future.failedFuture(e);
      }
      started.onComplete(done -> finished()).onComplete(result);
    };
    synchronized (this) {
      if (running < concurrency) {
        running++;
      } else if (waiting.size() < queue) {
        waiting.add(start);
        return result.future();
      } else {
        return ServiceException.fail(ServiceErrors.TOO_MANY, "busy: " + concurrency + " running and " + queue
          + " waiting already");
      }
    }
    start.run();
    return result.future();
  }

  private void finished() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      // Started from the event loop's queue, not from here: tasks that complete at once (a refusal,
      // an open circuit) would otherwise start one another recursively, holding the loop until the
      // whole queue is done or the stack overflows.
      Context context = Vertx.currentContext();
      if (context == null) {
        next.run();
      } else {
        context.runOnContext(v -> next.run());
      }
    }
  }
}
