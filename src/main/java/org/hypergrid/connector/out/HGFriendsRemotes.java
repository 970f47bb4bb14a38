package org.hypergrid.connector.out;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.hypergrid.api.HGFriendsService;
import org.hypergrid.api.Uui;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HGFriends of every foreign grid we talk to: one HTTP OUT connector and one circuit breaker
 * per grid (keyed by its normalised FriendsServerURI), created on first use and kept.
 */
public class HGFriendsRemotes {

  private static final Logger LOG = LoggerFactory.getLogger(HGFriendsRemotes.class);

  private final Vertx vertx;
  private final WebClient web;
  private final long timeoutMs;
  private final CircuitBreakerOptions breakerOptions;
  private final Map<String, HGFriendsHttpConnector> grids = new ConcurrentHashMap<>();
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  public HGFriendsRemotes(Vertx vertx, WebClient web, long timeoutMs, int maxFailures, long resetMs) {
    this.vertx = vertx;
    this.web = web;
    this.timeoutMs = timeoutMs;
    // The connector enforces its own timeout; the breaker only counts outcomes.
    this.breakerOptions = new CircuitBreakerOptions().setMaxFailures(maxFailures).setTimeout(-1)
      .setResetTimeout(resetMs).setFallbackOnFailure(false);
  }

  public HGFriendsService forGrid(String friendsServerUri) {
    String key = Uui.normalizeHome(friendsServerUri);
    return grids.computeIfAbsent(key, uri -> new HGFriendsHttpConnector(web, uri, timeoutMs, breaker(uri)));
  }

  private CircuitBreaker breaker(String uri) {
    CircuitBreaker breaker = CircuitBreaker.create("hgfriends " + uri, vertx, breakerOptions);
    breaker.openHandler(v -> LOG.warn("Circuit to {} opened: calls are skipped until it recovers", uri));
    breaker.halfOpenHandler(v -> LOG.info("Circuit to {} half-open: trying one call", uri));
    breaker.closeHandler(v -> LOG.info("Circuit to {} closed: grid answers again", uri));
    breakers.put(uri, breaker);
    return breaker;
  }

  /** The circuit state of every foreign grid contacted so far (CLOSED, OPEN, HALF_OPEN). */
  public JsonObject circuitStates() {
    JsonObject states = new JsonObject();
    breakers.forEach((uri, breaker) -> states.put(uri, breaker.state().name()));
    return states;
  }
}
