package org.hypergrid.friends.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the grid does, as Micrometer meters (scraped at {@code /metrics} in Prometheus form):
 * notifications received and sent per foreign grid, verification failures, fan-out latency,
 * region deliveries, travellers reached, friendship offers, coalesced notifications. Grid labels
 * are the grid's host, and at most {@link #MAX_GRIDS} distinct ones are kept (the rest are
 * "other"), so callers cannot make us create meters without bound.
 */
public final class GridMetrics {

  static final int MAX_GRIDS = 100;
  /** Every outcome of a friendship offer, shown from the start (at 0). */
  static final List<String> OFFER_OUTCOMES = List.of("recorded", "known", "unnamed", "rejected",
    "rate", "full", "busy", "expired");
  static final String OTHER = "other";

  private final MeterRegistry registry;
  private final Set<String> grids = ConcurrentHashMap.newKeySet();
  private final Counter regionDeliveries;
  private final Counter regionFailures;
  private final Counter agentsReached;
  private final Counter travellersForwarded;
  private final Counter travelFailures;
  private final Counter serviceUrlsNotCached;
  private final Counter verificationFailures;
  private final Counter verificationsThrottled;
  private final Counter coalesced;
  private final Timer fanout;

  /** {@code problems}: where failures are also listed for operators (the counters keep the totals). */
  private final GridProblems problems;

  public GridMetrics(MeterRegistry registry, GridProblems problems) {
    this.registry = registry;
    this.problems = problems;
    regionDeliveries = Counter.builder("hg.region.deliveries").description("status deliveries regions answered")
      .register(registry);
    regionFailures = Counter.builder("hg.region.delivery.failures")
      .description("status deliveries to regions that failed or timed out").register(registry);
    agentsReached = Counter.builder("hg.fanout.agents.reached").description("agents told a friend's status")
      .register(registry);
    travellersForwarded = Counter.builder("hg.travellers.forwarded")
      .description("statuses forwarded to simulators hosting our travelling users").register(registry);
    travelFailures = Counter.builder("hg.travellers.failures").description("forwards to simulators that failed")
      .register(registry);
    for (String outcome : OFFER_OUTCOMES) {
      offer(outcome, 0);
    }
    serviceUrlsNotCached = Counter.builder("hg.serviceurls.uncached")
      .description("foreign users' service URLs not stored: userManagement.maxCachedUsers reached").register(registry);
    verificationFailures = Counter.builder("hg.verification.failures")
      .description("claimed friendships that did not verify").register(registry);
    verificationsThrottled = Counter.builder("hg.verification.throttled")
      .description("statusnotifications refused after too many failed verifications").register(registry);
    coalesced = Counter.builder("hg.notifications.coalesced")
      .description("status changes folded into a later notification to the same grid").register(registry);
    fanout = Timer.builder("hg.fanout.latency").description("from a status change to every region having answered")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
      .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void regionsNotified(int regions, int agents) {
    regionDeliveries.increment(regions);
    agentsReached.increment(agents);
  }

  public void regionsFailed(int regions) {
    regionFailures.increment(regions);
  }

  public void travellerForwarded() {
    travellersForwarded.increment();
  }

  public void travelFailed() {
    travelFailures.increment();
  }

  /**
   * A friendship offer from a foreign grid: recorded; known (the offerer is in the list already);
   * and dropped because unnamed, rejected (its home grid did not confirm it), rate (its grid's
   * share was used), full (the user's pending offers at their cap), busy (too many being checked);
   * or expired (deleted unanswered).
   */
  public void offer(String outcome) {
    offer(outcome, 1);
  }

  public void offer(String outcome, int count) {
    Counter.builder("hg.friendship.offers").tag("outcome", outcome)
      .description("friendship offers from foreign grids, by what became of them").register(registry).increment(count);
  }

  public void serviceUrlsNotCached() {
    serviceUrlsNotCached.increment();
  }

  public void verificationsFailed(int count) {
    verificationFailures.increment(count);
  }

  public void verificationThrottled() {
    verificationsThrottled.increment();
  }

  public void coalesced() {
    coalesced.increment();
  }

  public void fanoutTook(long nanos) {
    fanout.record(Duration.ofNanos(nanos));
  }

  /** The failures listed for operators. */
  public GridProblems problems() {
    return problems;
  }

  /** A statusnotification from a foreign grid (named by the host of the verified friend's home). */
  public void notificationReceived(String gridHost) {
    Counter.builder("hg.notifications.received").tag("grid", grid(gridHost))
      .description("statusnotifications from foreign grids, by the grid of the verified friend").register(registry)
      .increment();
  }

  /** What became of a statusnotification to a foreign grid: the outcomes {@code hg_notifications_sent_total} counts. */
  public enum SentOutcome {
    SENT, FAILED, REFUSED_BY_POLICY, CIRCUIT_OPEN;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A statusnotification to a foreign grid (named by the host of its home URI), whatever became of
   * it; every outcome of a grid is shown from its first notification on (at 0).
   */
  public void notificationSent(String gridHost, SentOutcome outcome) {
    String grid = grid(gridHost);
    for (SentOutcome each : SentOutcome.values()) {
      Counter counter = Counter.builder("hg.notifications.sent").tag("grid", grid).tag("outcome", each.label())
        .description("statusnotifications to foreign grids, by outcome").register(registry);
      if (each == outcome) {
        counter.increment();
      }
    }
  }

  /**
   * Notifications received, sent and failed so far, in all and per grid label, and statuses handed
   * to simulators: {in, out, failed, coalesced, toSimulators, simulatorFailures, grids: {host: {in, out, failed}}}.
   */
  public JsonObject notificationTotals() {
    JsonObject grids = new JsonObject();
    double in = 0;
    double out = 0;
    for (Counter counter : registry.find("hg.notifications.received").counters()) {
      in += counter.count();
      add(grids, counter.getId().getTag("grid"), "in", counter.count());
    }
    double failed = 0;
    for (Counter counter : registry.find("hg.notifications.sent").counters()) {
      boolean sent = SentOutcome.SENT.label().equals(counter.getId().getTag("outcome"));
      out += sent ? counter.count() : 0;
      failed += sent ? 0 : counter.count();
      add(grids, counter.getId().getTag("grid"), sent ? "out" : "failed", counter.count());
    }
    return new JsonObject().put("in", (long) in).put("out", (long) out).put("failed", (long) failed)
      .put("coalesced", (long) coalesced.count())
      .put("toSimulators", simulatorStatuses("forwarded")).put("simulatorFailures", simulatorStatuses("failed"))
      .put("grids", grids);
  }

  /** Statuses handed to the simulators behind our regions ({@link Simulators}), by outcome. */
  private long simulatorStatuses(String outcome) {
    Counter counter = registry.find("hg.simulator.statuses").tag("outcome", outcome).counter();
    return counter == null ? 0 : (long) counter.count();
  }

  private static void add(JsonObject grids, String grid, String field, double count) {
    JsonObject row = grids.getJsonObject(grid);
    if (row == null) {
      row = new JsonObject().put("in", 0L).put("out", 0L).put("failed", 0L);
      grids.put(grid, row);
    }
    row.put(field, row.getLong(field) + (long) count);
  }

  /** The label for a grid: its host while fewer than MAX_GRIDS are known, else "other". */
  String grid(String host) {
    String name = host == null || host.isBlank() ? "unknown" : host;
    if (grids.contains(name)) {
      return name;
    }
    if (grids.size() < MAX_GRIDS && grids.add(name)) {
      return name;
    }
    return grids.contains(name) ? name : OTHER;
  }
}
