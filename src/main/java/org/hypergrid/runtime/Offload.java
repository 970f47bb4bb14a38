package org.hypergrid.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;

/**
 * CPU work on a payload (parsing or writing a document, base64): done at once when the payload
 * is small, on a worker thread when it is large enough to hold an event loop up — a 16 MiB asset
 * takes tens of milliseconds to encode or decode.
 */
public final class Offload {

  /** Payloads smaller than this are worked on where the caller runs. */
  public static final long INLINE_BYTES = 64 * 1024;

  private Offload() {
  }

  public static <T> Future<T> bySize(Vertx vertx, long payloadBytes, Callable<T> work) {
    if (payloadBytes < INLINE_BYTES) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    // Unordered: one large asset does not queue the next request's work behind it.
    return vertx.executeBlocking(work, false);
  }
}
