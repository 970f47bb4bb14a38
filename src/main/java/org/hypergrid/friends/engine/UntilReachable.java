package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.hypergrid.runtime.ServiceErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Retries a start-up call while the service it needs is not reachable yet (no handler on the
 * bus: the node hosting it is still starting), so cluster nodes may start in any order. Other
 * failures, and the deadline, end the retries.
 */
final class UntilReachable {

  private static final Logger LOG = LoggerFactory.getLogger(UntilReachable.class);
  private static final long FIRST_DELAY_MS = 100;
  private static final long MAX_DELAY_MS = 2_000;

  private UntilReachable() {
  }

  static <T> Future<T> call(Vertx vertx, String what, long deadlineMs, Supplier<Future<T>> call) {
    Promise<T> result = Promise.promise();
    attempt(vertx, what, System.currentTimeMillis() + deadlineMs, FIRST_DELAY_MS, call, result);
    return result.future();
  }

  private static <T> void attempt(Vertx vertx, String what, long deadline, long delay, Supplier<Future<T>> call,
                                  Promise<T> result) {
    call.get().onSuccess(result::complete).onFailure(e -> {
      boolean unreachable = ServiceErrors.isNobodyThere(e);
      if (!unreachable || System.currentTimeMillis() + delay > deadline) {
        result.fail(e);
        return;
      }
      if (delay == FIRST_DELAY_MS) {
        LOG.info("{}: service not reachable yet, retrying until it is", what);
      }
      vertx.setTimer(delay, t -> attempt(vertx, what, deadline, Math.min(delay * 2, MAX_DELAY_MS), call, result));
    });
  }
}
