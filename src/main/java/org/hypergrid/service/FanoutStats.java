package org.hypergrid.service;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the asynchronous status fan-out on this node, shown by the health endpoint. */
public final class FanoutStats {

  private final AtomicLong regionsNotified = new AtomicLong();
  private final AtomicLong regionFailures = new AtomicLong();
  private final AtomicLong agentsReached = new AtomicLong();
  private final AtomicLong travellersForwarded = new AtomicLong();
  private final AtomicLong travelFailures = new AtomicLong();

  public void regionNotified(int agents) {
    regionsNotified.incrementAndGet();
    agentsReached.addAndGet(agents);
  }

  public void regionFailed() {
    regionFailures.incrementAndGet();
  }

  public void travellerForwarded() {
    travellersForwarded.incrementAndGet();
  }

  public void travelFailed() {
    travelFailures.incrementAndGet();
  }

  public long regionFailures() {
    return regionFailures.get();
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("regionsNotified", regionsNotified.get())
      .put("regionFailures", regionFailures.get())
      .put("agentsReached", agentsReached.get())
      .put("travellersForwarded", travellersForwarded.get())
      .put("travelFailures", travelFailures.get());
  }
}
