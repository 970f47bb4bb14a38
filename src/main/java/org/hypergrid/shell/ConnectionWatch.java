package org.hypergrid.shell;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The connections of one server instance, on its event loop: admitted through the server's
 * {@link ConnectionLimits}, then checked a few times a second against three deadlines, each
 * counted from when its wait began (bytes arriving do not restart them):
 * <ul>
 *   <li>a new connection's first request must have its headers within {@code headerTimeoutMs};</li>
 *   <li>a request's body must be complete within {@code bodyTimeoutMs} of its headers;</li>
 *   <li>after a response, the next request's headers must come within {@code idleTimeoutMs}.</li>
 * </ul>
 * A request being answered has no deadline here: our own calls are bounded by theirs. A WebSocket
 * (the monitor's bridge, on the private server) leaves the watch and the count once upgraded; a
 * refused upgrade idles like any other request.
 */
final class ConnectionWatch {

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final Map<HttpConnection, Tracked> open = new HashMap<>();
  private long sweeper = -1;

  private static final class Tracked {
    final String address;
    /** When the current wait began (nanoTime). */
    long since;
    HttpServerRequest request;
    boolean idle;

    Tracked(String address, long since) {
      this.address = address;
      this.since = since;
    }
  }

  ConnectionWatch(Vertx vertx, ConnectionLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  void start() {
    sweeper = vertx.setPeriodic(limits.settings().sweepMs(), t -> sweep());
  }

  void stop() {
    vertx.cancelTimer(sweeper);
  }

  /** A connection was accepted: admitted and watched, or closed at once. */
  void connected(HttpConnection connection) {
    String address = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress();
    if (!limits.admit(address)) {
      connection.close();
      return;
    }
    open.put(connection, new Tracked(address, System.nanoTime()));
    connection.closeHandler(v -> {
      if (open.remove(connection) != null) {
        limits.release(address);
      }
    });
  }

  /** A request's headers arrived: its body's deadline starts. */
  void requested(HttpServerRequest request) {
    Tracked tracked = open.get(request.connection());
    if (tracked == null) {
      return;
    }
    tracked.request = request;
    tracked.idle = false;
    tracked.since = System.nanoTime();
  }

  private void sweep() {
    long now = System.nanoTime();
    ConnectionSettings settings = limits.settings();
    for (Iterator<Map.Entry<HttpConnection, Tracked>> entries = open.entrySet().iterator(); entries.hasNext(); ) {
      Map.Entry<HttpConnection, Tracked> entry = entries.next();
      Tracked tracked = entry.getValue();
      long waitedMs = (now - tracked.since) / 1_000_000;
      ConnectionLimits.Close overrun = null;
      if (tracked.request == null) {
        overrun = waitedMs > settings.headerTimeoutMs() ? ConnectionLimits.Close.HEADERS : null;
      } else if (isWebSocket(tracked.request)) {
        // Vert.x tells an upgraded connection's close to the WebSocket, not to the connection:
        // counted on, it would never be released. Only the private bridge upgrades.
        entries.remove();
        limits.release(tracked.address);
        continue;
      } else if (tracked.request.response().ended()) {
        if (!tracked.idle) {
          tracked.idle = true; // first seen answered: the wait for the next request starts now
          tracked.since = now;
        } else if (waitedMs > settings.idleTimeoutMs()) {
          overrun = ConnectionLimits.Close.IDLE;
        }
      } else if (!tracked.request.isEnded() && waitedMs > settings.bodyTimeoutMs()) {
        overrun = ConnectionLimits.Close.BODY;
      }
      if (overrun != null) {
        entries.remove();
        limits.release(tracked.address);
        limits.closedFor(overrun, tracked.address);
        if (overrun == ConnectionLimits.Close.BODY && !tracked.request.response().headWritten()) {
          tracked.request.response().setStatusCode(408).putHeader("Content-Type", "application/json")
            .putHeader("Connection", "close")
            .end("{\"error\":\"the request body did not arrive within " + settings.bodyTimeoutMs() + " ms\",\"code\":408}");
        }
        entry.getKey().close();
      }
    }
  }

  /** Upgraded: its handshake answered 101 (the response counts as ended from then on). */
  private static boolean isWebSocket(HttpServerRequest request) {
    return request.response().ended() && request.response().getStatusCode() == 101;
  }
}
