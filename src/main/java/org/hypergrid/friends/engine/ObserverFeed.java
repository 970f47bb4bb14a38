package org.hypergrid.friends.engine;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Events for observers (the operator page: logins, logouts, statuses told), gathered on this node
 * and published to the cluster every {@value #FLUSH_MS} ms as one message per address,
 * {@code {"events": [...], "dropped": n}}. One at a time, each would cost a clustered publish (a
 * look-up in Hazelcast when no page listens) for every login and every status told; gathered,
 * they cost a few a second however many agents come and go. At most {@value #MAX_EVENTS} are kept
 * per address and round: a page cannot show more, and the rest are counted as dropped.
 */
public final class ObserverFeed {

  static final long FLUSH_MS = 200;
  static final int MAX_EVENTS = 500;

  private final Vertx vertx;
  private Map<String, JsonArray> gathered = new HashMap<>();
  private Map<String, Integer> dropped = new HashMap<>();
  private boolean flushing;

  public ObserverFeed(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Adds an event for the observers of {@code address}; published within {@value #FLUSH_MS} ms. */
  public synchronized void publish(String address, JsonObject event) {
    JsonArray events = gathered.computeIfAbsent(address, a -> new JsonArray());
    if (events.size() >= MAX_EVENTS) {
      dropped.merge(address, 1, Integer::sum);
    } else {
      events.add(event);
    }
    if (!flushing) {
      flushing = true;
      vertx.setTimer(FLUSH_MS, t -> flush());
    }
  }

  private void flush() {
    Map<String, JsonArray> events;
    Map<String, Integer> lost;
    synchronized (this) {
      events = gathered;
      lost = dropped;
      gathered = new HashMap<>();
      dropped = new HashMap<>();
      flushing = false;
    }
    events.forEach((address, list) -> vertx.eventBus().publish(address, new JsonObject().put("events", list)
      .put("dropped", lost.getOrDefault(address, 0))));
  }
}
