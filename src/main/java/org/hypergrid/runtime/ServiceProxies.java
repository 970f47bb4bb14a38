package org.hypergrid.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.serviceproxy.ServiceProxyBuilder;

/**
 * The one way to build an event-bus proxy: always with a bounded send timeout (the bus default
 * is 30 s, and a call sent just as a node dies would wait all of it).
 */
public final class ServiceProxies {

  /**
   * The default of {@code timeouts.serviceMs}; only the interfaces' {@code createProxy}
   * conveniences use it (tests, tools). The node passes its configured timeout.
   */
  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  private ServiceProxies() {
  }

  public static <T> T create(Vertx vertx, String address, Class<T> type, long timeoutMs) {
    return new ServiceProxyBuilder(vertx)
      .setAddress(address)
      .setOptions(new DeliveryOptions().setSendTimeout(timeoutMs))
      .build(type);
  }
}
