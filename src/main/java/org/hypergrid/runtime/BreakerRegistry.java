package org.hypergrid.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;
import java.util.Map;

/**
 * One circuit breaker per upstream of a kind (foreign grids, other cluster nodes), each with a
 * gauge {@code <gauge>{<tag>=key}} (0 closed, 1 half-open, 2 open). Callers may name upstreams,
 * so the registry is bounded: the upstream used least recently is evicted past
 * {@code maxEntries}, and an evicted or forgotten upstream's breaker is closed and its gauge
 * dropped. Breakers only count outcomes (callers enforce their own deadlines) and publish nothing
 * on the event bus.
 */
public final class BreakerRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(BreakerRegistry.class);

  /** What a registry's breakers guard, for its gauge and log lines. */
  public record Kind(String noun, String gauge, String tag, String description) {
  }

  private record Entry(CircuitBreaker breaker, Gauge gauge) {
  }

  private final Vertx vertx;
  private final MeterRegistry meters;
  private final Kind kind;
  private final CircuitBreakerOptions options;
  private final Cache<String, Entry> entries;
  private volatile Consumer<String> onOpen = key -> { };

  /** {@code maxFailures} failures in a row open a circuit, for {@code resetMs} until a trial call. */
  public BreakerRegistry(Vertx vertx, MeterRegistry meters, Kind kind, int maxFailures, long resetMs, int maxEntries) {
    this.vertx = vertx;
    this.meters = meters;
    this.kind = kind;
    this.options = new CircuitBreakerOptions().setMaxFailures(maxFailures).setTimeout(-1).setResetTimeout(resetMs)
      .setFallbackOnFailure(false).setNotificationAddress(null);
    this.entries = Caffeine.newBuilder().maximumSize(maxEntries)
      // Synchronously, so a gauge is gone by the time a caller sees the entry gone.
      .executor(Runnable::run)
      .<String, Entry>removalListener((key, entry, cause) -> {
        if (entry != null) {
          entry.breaker().close();
          meters.remove(entry.gauge());
        }
      })
      .build();
  }

  /** Also told the key of every circuit that opens (an operator's problem list). */
  public BreakerRegistry onOpen(Consumer<String> listener) {
    this.onOpen = listener;
    return this;
  }

  /** The breaker of {@code key}, made on first use. */
  public CircuitBreaker get(String key) {
    return entries.get(key, this::create).breaker();
  }

  private Entry create(String key) {
    CircuitBreaker breaker = CircuitBreaker.create(kind.noun() + " " + key, vertx, options);
    breaker.openHandler(v -> {
      LOG.warn("Circuit to {} {} opened: calls are skipped until it recovers", kind.noun(), key);
      onOpen.accept(key);
    });
    breaker.halfOpenHandler(v -> LOG.info("Circuit to {} {} half-open: trying one call", kind.noun(), key));
    breaker.closeHandler(v -> LOG.info("Circuit to {} {} closed: it answers again", kind.noun(), key));
    Gauge gauge = Gauge.builder(kind.gauge(), breaker, BreakerRegistry::stateValue).tag(kind.tag(), key)
      .description(kind.description() + ": 0 closed, 1 half-open, 2 open").register(meters);
    return new Entry(breaker, gauge);
  }

  private static int stateValue(CircuitBreaker breaker) {
    return switch (breaker.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** The upstream is gone for good (a node left the cluster): its breaker and gauge go too. */
  public void forget(String key) {
    entries.invalidate(key);
  }

  /** Every breaker and gauge goes (the node stops). */
  public void close() {
    entries.invalidateAll();
  }

  /** The upstreams whose circuit is open now. */
  public List<String> openCircuits() {
    return entries.asMap().entrySet().stream()
      .filter(entry -> entry.getValue().breaker().state() == CircuitBreakerState.OPEN)
      .map(Map.Entry::getKey).sorted().toList();
  }

  /** Every remembered upstream's state (CLOSED, OPEN, HALF_OPEN). */
  public JsonObject states() {
    JsonObject states = new JsonObject();
    entries.asMap().forEach((key, entry) -> states.put(key, entry.breaker().state().name()));
    return states;
  }
}
