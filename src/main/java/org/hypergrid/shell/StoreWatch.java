package org.hypergrid.shell;

import io.vertx.core.Vertx;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.store.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's embedded PostgreSQL running: every second, on a worker, checks that its
 * postmaster lives and starts it again on the same port when it died, backing off (1 s doubling
 * to 30 s) while it cannot. The pool reconnects by itself once the server answers; until then
 * {@code /health/ready} is DOWN, since its store check cannot get a connection.
 */
final class StoreWatch {

  private static final Logger LOG = LoggerFactory.getLogger(StoreWatch.class);
  private static final long CHECK_MS = 1000;
  private static final long MAX_BACKOFF_MS = 30_000;

  private final Vertx vertx;
  private final String dataDir;
  private final long timer;
  private boolean checking;
  private long backoffMs = CHECK_MS;
  private long nextTry;

  StoreWatch(Vertx vertx, String dataDir) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.timer = vertx.setPeriodic(CHECK_MS, t -> check());
  }

  private void check() {
    long now = System.currentTimeMillis();
    if (checking || now < nextTry) {
      return;
    }
    checking = true;
    vertx.executeBlocking(() -> {
      EmbeddedPostgresServer.ensureRunning(dataDir);
      return null;
    }).onComplete(done -> {
      checking = false;
      if (done.succeeded()) {
        backoffMs = CHECK_MS;
        nextTry = 0;
      } else {
        nextTry = System.currentTimeMillis() + backoffMs;
        LogLimiter.warn(LOG, "store restart", "Embedded PostgreSQL on {} could not be started again ({}); next try in"
          + " {} ms", dataDir, done.cause().getMessage(), backoffMs);
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      }
    });
  }

  void stop() {
    vertx.cancelTimer(timer);
  }
}
