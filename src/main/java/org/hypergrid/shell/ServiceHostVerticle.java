package org.hypergrid.shell;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.serviceproxy.ServiceBinder;
import org.hypergrid.spi.ServiceModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds the services implemented on this node at their event-bus addresses, so other nodes'
 * proxies (and this node's private HTTP IN connector) reach them. Deployment completes only once
 * every address is registered cluster-wide.
 */
public class ServiceHostVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceHostVerticle.class);

  private final NodeServices node;

  ServiceHostVerticle(NodeServices node) {
    this.node = node;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Future<?> start() {
    List<Future<Void>> bindings = new ArrayList<>();
    node.hosted().forEach((name, implementation) -> {
      ServiceModule module = Modules.get(name);
      Class type = module.type();
      bindings.add(new ServiceBinder(vertx).setAddress(module.address()).register(type, implementation).completion()
        .onSuccess(v -> LOG.info("Service {} bound at {}", name, module.address())));
    });
    return Future.all(bindings);
  }
}
