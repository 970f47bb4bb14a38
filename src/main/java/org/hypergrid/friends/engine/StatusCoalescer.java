package org.hypergrid.friends.engine;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Folds one user's quick status changes into fewer notifications per destination grid. The
 * first change is sent at once and opens a window of {@code windowMs}; changes inside the window
 * wait, and when it closes only the latest is sent — and only if it differs from what was sent.
 * So login, logout, login within the window costs a grid one notification, login then logout
 * two, and every friend ends with the right state. A window closes no sooner than its send has
 * been answered (or timed out), so a grid never gets one user's notifications out of order.
 */
final class StatusCoalescer {

  private final Vertx vertx;
  private final long windowMs;
  private final GridMetrics metrics;
  /** user and grid → the open window. Guarded by itself. */
  private final Map<String, Window> windows = new HashMap<>();

  private static final class Window {
    boolean sentOnline;
    List<String> lastReply = List.of();
    Future<List<String>> inFlight = Future.succeededFuture(List.of());
    Supplier<Future<List<String>>> latest;
    boolean latestOnline;
    List<Promise<List<String>>> waiting = new ArrayList<>();
  }

  StatusCoalescer(Vertx vertx, long windowMs, GridMetrics metrics) {
    this.vertx = vertx;
    this.windowMs = windowMs;
    this.metrics = metrics;
    Gauge.builder("hg.coalescer.windows", windows, open -> {
      synchronized (open) {
        return open.size();
      }
    }).description("users whose notifications to a grid are being folded now").register(metrics.registry());
  }

  /**
   * Sends (or folds) a status change of {@code user} for {@code grid}; the future has the online
   * friends the grid answered with (for a folded change, those of the send that covers it).
   */
  Future<List<String>> submit(String user, String grid, boolean online, Supplier<Future<List<String>>> send) {
    if (windowMs <= 0) {
      return send.get();
    }
    String key = user + " " + grid;
    Window window;
    synchronized (windows) {
      window = windows.get(key);
      if (window != null) {
        metrics.coalesced();
        window.latest = send;
        window.latestOnline = online;
        Promise<List<String>> folded = Promise.promise();
        window.waiting.add(folded);
        return folded.future();
      }
      window = new Window();
      window.sentOnline = online;
      windows.put(key, window);
    }
    return open(key, window, send.get());
  }

  private Future<List<String>> open(String key, Window window, Future<List<String>> sent) {
    window.inFlight = sent.onSuccess(reply -> window.lastReply = reply);
    vertx.setTimer(windowMs, t -> window.inFlight.onComplete(done -> close(key, window)));
    return window.inFlight;
  }

  private void close(String key, Window window) {
    Supplier<Future<List<String>>> latest;
    List<Promise<List<String>>> waiting;
    synchronized (windows) {
      latest = window.latest;
      waiting = window.waiting;
      window.latest = null;
      window.waiting = new ArrayList<>();
      if (latest == null || window.latestOnline == window.sentOnline) {
        windows.remove(key);
        latest = null;
      } else {
        window.sentOnline = window.latestOnline;
      }
    }
    if (latest == null) {
      waiting.forEach(p -> p.tryComplete(window.lastReply));
      return;
    }
    open(key, window, latest.get()).onComplete(done -> waiting.forEach(p -> p.tryComplete(
      done.succeeded() ? done.result() : List.of())));
  }
}
