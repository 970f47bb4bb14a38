package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load: {@code connections} callers each send the next POST as soon as the
 * previous one is answered, for a warm-up and then a measured period; latencies of the measured
 * period are kept to report percentiles.
 */
final class LoadGenerator {

  record Result(String name, long requests, long errors, double seconds, long p50Micros, long p99Micros) {
    double perSecond() {
      return requests / seconds;
    }

    String row() {
      return String.format("%-36s %10.0f req/s   p50 %7.2f ms   p99 %7.2f ms   (%d requests, %d errors)",
        name, perSecond(), p50Micros / 1000.0, p99Micros / 1000.0, requests, errors);
    }
  }

  private final Vertx vertx;
  private final WebClient web;
  private final int connections;

  LoadGenerator(Vertx vertx, int connections) {
    this.vertx = vertx;
    this.connections = connections;
    this.web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(connections));
  }

  Future<Result> run(String name, String url, Buffer body, String expectedPrefix, int warmupSeconds, int seconds) {
    Promise<Result> done = Promise.promise();
    long[] latencies = new long[4_000_000];
    AtomicLong recorded = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    long end = warmupEnd + seconds * 1_000_000_000L;
    AtomicLong running = new AtomicLong(connections);
    for (int i = 0; i < connections; i++) {
      loop(url, body, expectedPrefix, warmupEnd, end, latencies, recorded, errors, () -> {
        if (running.decrementAndGet() == 0) {
          int n = (int) Math.min(recorded.get(), latencies.length);
          long[] measured = Arrays.copyOf(latencies, n);
          Arrays.sort(measured);
          done.complete(new Result(name, n, errors.get(), seconds, percentile(measured, 0.50), percentile(measured, 0.99)));
        }
      });
    }
    return done.future();
  }

  private void loop(String url, Buffer body, String expectedPrefix, long warmupEnd, long end, long[] latencies,
                    AtomicLong recorded, AtomicLong errors, Runnable finished) {
    long start = System.nanoTime();
    if (start >= end) {
      finished.run();
      return;
    }
    // A null body is a GET; a null prefix checks only that a 200 came with a body.
    (body == null ? web.getAbs(url).send()
      : web.postAbs(url).putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(body))
      .onComplete(ar -> {
        long now = System.nanoTime();
        boolean ok = ar.succeeded() && ar.result().statusCode() == 200 && (expectedPrefix == null
          ? ar.result().body() != null && ar.result().body().length() > 0
          : ar.result().bodyAsString().startsWith(expectedPrefix));
        if (start >= warmupEnd && now < end) {
          if (ok) {
            long slot = recorded.getAndIncrement();
            if (slot < latencies.length) {
              latencies[(int) slot] = (now - start) / 1_000;
            }
          } else {
            errors.incrementAndGet();
          }
        }
        vertx.runOnContext(v -> loop(url, body, expectedPrefix, warmupEnd, end, latencies, recorded, errors, finished));
      });
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
