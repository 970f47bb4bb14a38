package org.hypergrid.friends.clients;

import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.HGFriendsService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.runtime.BreakerRegistry;
import org.hypergrid.runtime.OutboundHttp;

import java.util.List;

/**
 * HGFriends of the foreign grids we talk to, each through its own circuit breaker (keyed by the
 * grid's normalised FriendsServerURI). Callers name these grids, so their breakers live in a
 * bounded registry; a connector is a few fields, made per call around the grid's breaker.
 */
public class HGFriendsRemotes {

  /** The gauge and log words of the foreign grids' breakers. */
  public static final BreakerRegistry.Kind GRIDS = new BreakerRegistry.Kind("foreign grid", "hg.circuit.state", "grid",
    "circuit to a foreign grid");

  private final OutboundHttp http;
  private final long timeoutMs;
  private final BreakerRegistry breakers;

  public HGFriendsRemotes(OutboundHttp http, long timeoutMs, BreakerRegistry breakers) {
    this.http = http;
    this.timeoutMs = timeoutMs;
    this.breakers = breakers;
  }

  public HGFriendsService forGrid(String friendsServerUri) {
    String key = Uui.normalizeHome(friendsServerUri);
    return new HGFriendsHttpConnector(http, key, timeoutMs, breakers.get(key), true);
  }

  /** Foreign grids whose circuit is open now. */
  public List<String> openCircuits() {
    return breakers.openCircuits();
  }

  /** The circuit state of every foreign grid remembered (CLOSED, OPEN, HALF_OPEN). */
  public JsonObject circuitStates() {
    return breakers.states();
  }

  /** The node stops: every grid's breaker and gauge go. */
  public void close() {
    breakers.close();
  }
}
