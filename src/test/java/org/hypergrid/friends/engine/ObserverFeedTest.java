package org.hypergrid.friends.engine;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Observers' events leave a node gathered: a burst of 1,200 logins and one status is one message
 * per address, the logins in order, the first 500 kept and the rest counted as dropped.
 */
@ExtendWith(VertxExtension.class)
class ObserverFeedTest {

  @Test
  void aBurstIsOneBoundedMessagePerAddress(Vertx vertx, VertxTestContext ctx) {
    ObserverFeed feed = new ObserverFeed(vertx);
    Checkpoint bothAddresses = ctx.checkpoint(2);
    vertx.eventBus().<JsonObject>consumer(RegionProtocol.AGENT_EVENTS, message -> ctx.verify(() -> {
      // All 1,200 are in this one message: 500 of them, in order, and 700 counted as dropped.
      assertEquals(ObserverFeed.MAX_EVENTS, message.body().getJsonArray("events").size());
      assertEquals(0, message.body().getJsonArray("events").getJsonObject(0).getInteger("n"), "in order");
      assertEquals(ObserverFeed.MAX_EVENTS - 1,
        message.body().getJsonArray("events").getJsonObject(ObserverFeed.MAX_EVENTS - 1).getInteger("n"));
      assertEquals(1_200 - ObserverFeed.MAX_EVENTS, message.body().getInteger("dropped"));
      bothAddresses.flag();
    }));
    vertx.eventBus().<JsonObject>consumer(RegionProtocol.STATUS_EVENTS, message -> ctx.verify(() -> {
      assertEquals(1, message.body().getJsonArray("events").size());
      assertEquals(0, message.body().getInteger("dropped"));
      bothAddresses.flag();
    })).completion().onComplete(ctx.succeeding(registered -> vertx.runOnContext(v -> {
      // From one event loop: the round's timer cannot fire before the whole burst is in.
      for (int i = 0; i < 1_200; i++) {
        feed.publish(RegionProtocol.AGENT_EVENTS, new JsonObject().put("type", "login").put("n", i));
      }
      feed.publish(RegionProtocol.STATUS_EVENTS, new JsonObject().put("fromId", "a friend"));
    })));
  }
}
