package org.hypergrid.support;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.hypergrid.region.RegionProtocol;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** An agent's client channel as a viewer would watch it: every event delivered to the agent. */
public final class AgentInbox implements AutoCloseable {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final MessageConsumer<JsonObject> consumer;

  public AgentInbox(Vertx vertx, String agentId) {
    consumer = vertx.eventBus().consumer(RegionProtocol.agentAddress(agentId), m -> events.add(m.body()));
    TestGrid.await(consumer.completion());
  }

  public List<JsonObject> events() {
    return List.copyOf(events);
  }

  /** Waits (polling, with a deadline) for an event matching the predicate and returns it. */
  public JsonObject await(Predicate<JsonObject> match, String what) {
    TestGrid.eventually(Duration.ofSeconds(10), () -> events.stream().anyMatch(match), what);
    return events.stream().filter(match).findFirst().orElseThrow();
  }

  public static Predicate<JsonObject> friendStatus(String friendId, boolean online) {
    return e -> RegionProtocol.FRIEND_STATUS.equals(e.getString("type")) && friendId.equals(e.getString("friendId"))
      && e.getBoolean("online") == online;
  }

  @Override
  public void close() {
    TestGrid.await(consumer.unregister());
  }
}
