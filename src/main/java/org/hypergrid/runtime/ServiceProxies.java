package org.hypergrid.runtime;

import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.serviceproxy.ServiceProxyBuilder;

/** Builds event-bus proxies with a bounded send timeout (the bus default is 30 s). */
@GenIgnore
public final class ServiceProxies {

  /** How long a proxied call may take before it fails; overridable with -Dhg.proxy.timeout.ms. */
  public static final long SEND_TIMEOUT_MS = Long.getLong("hg.proxy.timeout.ms", 5_000);

  private ServiceProxies() {
  }

  public static <T> T create(Vertx vertx, String address, Class<T> type) {
    return new ServiceProxyBuilder(vertx)
      .setAddress(address)
      .setOptions(new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MS))
      .build(type);
  }
}
