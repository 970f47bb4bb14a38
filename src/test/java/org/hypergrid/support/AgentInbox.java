package org.hypergrid.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.engine.RegionProtocol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An agent's client channel as a viewer would watch it: every event delivered to the agent, and
 * futures that complete when an awaited event arrives (no polling).
 */
public final class AgentInbox implements AutoCloseable {

  private final Vertx vertx;
  /** Guarded by itself, with {@link #waiting}. */
  private final List<JsonObject> events = new ArrayList<>();
  private final List<Waiter> waiting = new ArrayList<>();
  private final MessageConsumer<JsonObject> consumer;

  private record Waiter(Predicate<JsonObject> match, int needed, Promise<JsonObject> promise) {
  }

  public AgentInbox(Vertx vertx, String agentId) {
    this.vertx = vertx;
    consumer = vertx.eventBus().consumer(RegionProtocol.agentAddress(agentId), m -> arrived(m.body()));
    TestGrid.await(consumer.completion());
  }

  private void arrived(JsonObject event) {
    List<Waiter> matched = new ArrayList<>();
    synchronized (events) {
      events.add(event);
      waiting.removeIf(waiter -> waiter.match().test(event) && count(waiter.match()) >= waiter.needed()
        && matched.add(waiter));
    }
    matched.forEach(waiter -> waiter.promise().tryComplete(event));
  }

  public List<JsonObject> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The first event matching (one already here, or the next to come); fails after {@code timeoutMs}. */
  public Future<JsonObject> next(Predicate<JsonObject> match, String what, long timeoutMs) {
    return nth(match, 1, what, timeoutMs);
  }

  /** The {@code n}th event matching, once it has arrived; fails after {@code timeoutMs}. */
  public Future<JsonObject> nth(Predicate<JsonObject> match, int n, String what, long timeoutMs) {
    Promise<JsonObject> promise = Promise.promise();
    synchronized (events) {
      List<JsonObject> already = events.stream().filter(match).toList();
      if (already.size() >= n) {
        return Future.succeededFuture(already.get(n - 1));
      }
      waiting.add(new Waiter(match, n, promise));
    }
    long timer = vertx.setTimer(timeoutMs, t -> promise.tryFail(new AssertionError(
      "not within " + timeoutMs + " ms: " + what)));
    return promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private long count(Predicate<JsonObject> match) {
    return events.stream().filter(match).count();
  }

  /** For tests in blocking style: waits for {@link #nth} (10 s) and returns the event. */
  public JsonObject awaitNth(Predicate<JsonObject> match, int n, String what) {
    return TestGrid.await(nth(match, n, what, 10_000));
  }

  /** For tests in blocking style: waits for {@link #next} (10 s) and returns the event. */
  public JsonObject await(Predicate<JsonObject> match, String what) {
    return TestGrid.await(next(match, what, 10_000));
  }

  public static Predicate<JsonObject> friendStatus(String friendId, boolean online) {
    return e -> RegionProtocol.FRIEND_STATUS.equals(e.getString("type")) && friendId.equals(e.getString("friendId"))
      && e.getBoolean("online") == online;
  }

  /** Stops listening, without waiting (for use inside asynchronous tests). */
  public Future<Void> closeLater() {
    return consumer.unregister();
  }

  @Override
  public void close() {
    TestGrid.await(closeLater());
  }
}
