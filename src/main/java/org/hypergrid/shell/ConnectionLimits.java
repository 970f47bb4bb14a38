package org.hypergrid.shell;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.hypergrid.runtime.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of one HTTP server, shared by all its instances: a connection past the
 * server's total or past its remote address's share is closed as soon as it is accepted. Every
 * refusal and every deadline's close is counted ({@code hg.http.connections.refused},
 * {@code hg.http.connections.closed}) and logged through the limiter.
 */
final class ConnectionLimits {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

  /** Why a connection was closed by us. */
  enum Close {
    HEADERS("headers"), BODY("body"), IDLE("idle");

    final String label;

    Close(String label) {
      this.label = label;
    }
  }

  private final String server;
  private final ConnectionSettings settings;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final Counter refusedTotal;
  private final Counter refusedAddress;
  private final Map<Close, Counter> closed = new ConcurrentHashMap<>();

  ConnectionLimits(String server, ConnectionSettings settings, MeterRegistry registry) {
    this.server = server;
    this.settings = settings;
    Gauge.builder("hg.http.connections", open, AtomicInteger::get).tag("server", server)
      .description("connections open on this HTTP server").register(registry);
    refusedTotal = refused(registry, "total");
    refusedAddress = refused(registry, "address");
    for (Close reason : Close.values()) {
      closed.put(reason, Counter.builder("hg.http.connections.closed").tag("server", server).tag("reason", reason.label)
        .description("connections closed for overrunning a deadline (headers, body) or idling").register(registry));
    }
  }

  private Counter refused(MeterRegistry registry, String reason) {
    return Counter.builder("hg.http.connections.refused").tag("server", server).tag("reason", reason)
      .description("connections closed on accept: the server's total or one address's share was reached")
      .register(registry);
  }

  ConnectionSettings settings() {
    return settings;
  }

  /** Counts a new connection from {@code address}; false (and nothing counted) when it must be closed. */
  boolean admit(String address) {
    if (open.incrementAndGet() > settings.maxTotal()) {
      open.decrementAndGet();
      refusedTotal.increment();
      LogLimiter.warn(LOG, "connections " + server, "HTTP server '{}' has {} connections open, its limit"
        + " (connections.maxTotal): refused one from {}", server, settings.maxTotal(), address);
      return false;
    }
    if (perAddress.merge(address, 1, Integer::sum) > settings.maxPerAddress()) {
      release(address);
      refusedAddress.increment();
      LogLimiter.warn(LOG, "connections per address " + server, "HTTP server '{}': {} already has {} connections"
        + " open (connections.maxPerAddress): refused another", server, address, settings.maxPerAddress());
      return false;
    }
    return true;
  }

  /** A connection admitted from {@code address} closed. */
  void release(String address) {
    perAddress.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    open.decrementAndGet();
  }

  /** We closed a connection that overran a deadline or idled. */
  void closedFor(Close reason, String address) {
    closed.get(reason).increment();
    if (reason != Close.IDLE) {
      LogLimiter.warn(LOG, "deadline " + reason.label + " " + server, "HTTP server '{}': closed a connection from {}"
        + " whose request {} did not arrive in time", server, address, reason.label);
    }
  }
}
