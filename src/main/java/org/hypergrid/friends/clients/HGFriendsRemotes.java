package org.hypergrid.friends.clients;

import org.hypergrid.runtime.OutboundHttp;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.HGFriendsService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.runtime.CircuitGauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HGFriends of the foreign grids we talk to: one HTTP OUT connector and one circuit breaker per
 * grid (keyed by its normalised FriendsServerURI). Callers name these grids, so they live in a
 * bounded cache: the grid used least recently is evicted (its breaker closed) when a new one
 * would pass {@code maxGrids}. Breakers publish nothing on the event bus.
 */
public class HGFriendsRemotes {

  private static final Logger LOG = LoggerFactory.getLogger(HGFriendsRemotes.class);

  private record Remote(HGFriendsHttpConnector connector, CircuitBreaker breaker, Gauge circuit) {
  }

  private final Vertx vertx;
  private final OutboundHttp http;
  private final long timeoutMs;
  private final int maxGrids;
  private final MeterRegistry metrics;
  private final CircuitBreakerOptions breakerOptions;
  /** Access-ordered: the eldest entry is the least recently used grid. Guarded by itself. */
  private final LinkedHashMap<String, Remote> grids = new LinkedHashMap<>(16, 0.75f, true);

  public HGFriendsRemotes(Vertx vertx, OutboundHttp http, long timeoutMs, int maxFailures, long resetMs,
                          int maxGrids, MeterRegistry metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.http = http;
    this.timeoutMs = timeoutMs;
    this.maxGrids = maxGrids;
    // The connector enforces its own deadline; the breaker only counts outcomes, and tells nobody.
    this.breakerOptions = new CircuitBreakerOptions().setMaxFailures(maxFailures).setTimeout(-1)
      .setResetTimeout(resetMs).setFallbackOnFailure(false).setNotificationAddress(null);
  }

  public HGFriendsService forGrid(String friendsServerUri) {
    String key = Uui.normalizeHome(friendsServerUri);
    Remote evicted = null;
    Remote remote;
    synchronized (grids) {
      remote = grids.get(key);
      if (remote == null) {
        CircuitBreaker breaker = breaker(key);
        // 0 closed, 1 half-open, 2 open; the gauge goes with the grid when it is evicted.
        Gauge circuit = CircuitGauge.register(metrics, "hg.circuit.state", "grid", key, breaker,
          "circuit to a foreign grid");
        remote = new Remote(new HGFriendsHttpConnector(http, key, timeoutMs, breaker, true), breaker, circuit);
        grids.put(key, remote);
        if (grids.size() > maxGrids) {
          Map.Entry<String, Remote> eldest = grids.entrySet().iterator().next();
          grids.remove(eldest.getKey());
          evicted = eldest.getValue();
        }
      }
    }
    if (evicted != null) {
      evicted.breaker.close();
      metrics.remove(evicted.circuit);
    }
    return remote.connector;
  }

  private CircuitBreaker breaker(String uri) {
    CircuitBreaker breaker = CircuitBreaker.create("hgfriends " + uri, vertx, breakerOptions);
    breaker.openHandler(v -> LOG.warn("Circuit to {} opened: calls are skipped until it recovers", uri));
    breaker.halfOpenHandler(v -> LOG.info("Circuit to {} half-open: trying one call", uri));
    breaker.closeHandler(v -> LOG.info("Circuit to {} closed: grid answers again", uri));
    return breaker;
  }

  /** How many foreign grids are remembered now (at most maxGrids). */
  public int size() {
    synchronized (grids) {
      return grids.size();
    }
  }

  /** Foreign grids whose circuit is open now. */
  public java.util.List<String> openCircuits() {
    synchronized (grids) {
      return grids.entrySet().stream().filter(e -> e.getValue().breaker.state() == CircuitBreakerState.OPEN)
        .map(Map.Entry::getKey).toList();
    }
  }

  /** The circuit state of every foreign grid remembered (CLOSED, OPEN, HALF_OPEN). */
  public JsonObject circuitStates() {
    JsonObject states = new JsonObject();
    synchronized (grids) {
      grids.forEach((uri, remote) -> states.put(uri, remote.breaker.state().name()));
    }
    return states;
  }
}
