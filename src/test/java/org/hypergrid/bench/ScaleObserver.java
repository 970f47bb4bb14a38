package org.hypergrid.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.support.TestGrid;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What {@link ScaleBench} needs to see inside a grid's JVM, without changing the node: every
 * friend-status event a region hands to an agent's client address (an event-bus interceptor, so no
 * consumer per agent), counted per storm agent and direction with the latest time heard
 * ({@code System.nanoTime}, the machine's monotonic clock, which the load process shares); the
 * collector's pauses; and the heap after a full collection. Served on a small control port.
 */
final class ScaleObserver {

  private final ScaleGraph graph;
  /** Slot 2 * agent + (online ? 1 : 0). */
  private final AtomicIntegerArray heard;
  private final AtomicLongArray lastHeard;
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong lastEvent = new AtomicLong();
  /** Pauses as {end nanoTime, duration ms, collector}, kept while the bench runs. */
  private final List<JsonArray> pauses = new ArrayList<>();

  ScaleObserver(ScaleGraph graph) {
    this.graph = graph;
    this.heard = new AtomicIntegerArray(2 * graph.stormAgents());
    this.lastHeard = new AtomicLongArray(2 * graph.stormAgents());
  }

  /**
   * Starts watching the grid's bus and collector; returns the control port, served by a Vert.x of
   * its own (a full collection asked there holds none of the grid's event loops beyond the pause).
   */
  int start(Vertx grid) {
    grid.eventBus().addOutboundInterceptor(this::onMessage);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
            .from((CompositeData) notification.getUserData());
          synchronized (pauses) {
            pauses.add(new JsonArray().add(System.nanoTime()).add(info.getGcInfo().getDuration())
              .add(info.getGcName() + " (" + info.getGcCause() + ")"));
          }
        }
      }, null, null);
    }
    return TestGrid.await(Vertx.vertx().createHttpServer().requestHandler(this::control).listen(0, "127.0.0.1"))
      .actualPort();
  }

  private void onMessage(DeliveryContext<Object> context) {
    try {
      if (context.message().address().startsWith("hg.agent.") && context.body() instanceof JsonObject event
        && RegionProtocol.FRIEND_STATUS.equals(event.getString("type"))) {
        events.incrementAndGet();
        lastEvent.accumulateAndGet(System.nanoTime(), Math::max);
        int agent = graph.stormIndex(event.getString("friendId"));
        if (agent >= 0) {
          int slot = 2 * agent + (event.getBoolean("online", false) ? 1 : 0);
          heard.incrementAndGet(slot);
          lastHeard.accumulateAndGet(slot, System.nanoTime(), Math::max);
        }
      }
    } finally {
      context.next();
    }
  }

  private void control(HttpServerRequest request) {
    switch (request.path()) {
      case "/events" -> request.response().end(new JsonObject().put("count", events.get())
        .put("last", lastEvent.get()).encode());
      case "/heard" -> {
        Buffer out = Buffer.buffer(heard.length() * 12);
        for (int slot = 0; slot < heard.length(); slot++) {
          out.appendInt(heard.get(slot)).appendLong(lastHeard.get(slot));
        }
        request.response().end(out);
      }
      case "/reset" -> {
        for (int slot = 0; slot < heard.length(); slot++) {
          heard.set(slot, 0);
          lastHeard.set(slot, 0);
        }
        synchronized (pauses) {
          pauses.clear();
        }
        request.response().end("reset");
      }
      case "/pauses" -> {
        synchronized (pauses) {
          request.response().end(new JsonArray(List.copyOf(pauses)).encode());
        }
      }
      case "/heap" -> request.response().end(new JsonObject().put("usedAfterFullGc", heapAfterFullGc())
        .put("max", Runtime.getRuntime().maxMemory()).encode());
      default -> request.response().setStatusCode(404).end();
    }
  }

  /** Explicit collections are full ones with the JVM's default collector. */
  private static long heapAfterFullGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
