package org.hypergrid.service;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of this node's asynchronous work (status fan-out, friendship offers), shown by /health. */
public final class ActivityStats {

  private final AtomicLong regionsNotified = new AtomicLong();
  private final AtomicLong regionFailures = new AtomicLong();
  private final AtomicLong agentsReached = new AtomicLong();
  private final AtomicLong travellersForwarded = new AtomicLong();
  private final AtomicLong travelFailures = new AtomicLong();
  private final AtomicLong offersRecorded = new AtomicLong();
  private final AtomicLong offersRejected = new AtomicLong();
  private final AtomicLong verificationsThrottled = new AtomicLong();

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

  public void offerRecorded() {
    offersRecorded.incrementAndGet();
  }

  /** An offer the offerer's home grid could not confirm: possibly forged. */
  public void offerRejected() {
    offersRejected.incrementAndGet();
  }

  /** A statusnotification refused because its caller or claimed user failed verification too often. */
  public void verificationThrottled() {
    verificationsThrottled.incrementAndGet();
  }

  public JsonObject verificationsJson() {
    return new JsonObject().put("throttled", verificationsThrottled.get());
  }

  public JsonObject offersJson() {
    return new JsonObject().put("recorded", offersRecorded.get()).put("rejected", offersRejected.get());
  }

  public JsonObject fanoutJson() {
    return new JsonObject()
      .put("regionsNotified", regionsNotified.get())
      .put("regionFailures", regionFailures.get())
      .put("agentsReached", agentsReached.get())
      .put("travellersForwarded", travellersForwarded.get())
      .put("travelFailures", travelFailures.get());
  }
}
