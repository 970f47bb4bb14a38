package org.hypergrid.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;

/** A circuit breaker's state as a gauge: 0 closed, 1 half-open, 2 open. */
public final class CircuitGauge {

  private CircuitGauge() {
  }

  /** Registers {@code name{tag=value}} for the breaker; remove it from the registry with the breaker. */
  public static Gauge register(MeterRegistry registry, String name, String tag, String value, CircuitBreaker breaker,
                               String description) {
    return Gauge.builder(name, breaker, b -> switch (b.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    }).tag(tag, value).description(description + ": 0 closed, 1 half-open, 2 open").register(registry);
  }
}
