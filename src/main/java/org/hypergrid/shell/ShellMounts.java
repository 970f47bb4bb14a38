package org.hypergrid.shell;

import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.hypergrid.rpc.PrivateProtocol;
import org.hypergrid.spi.ServerContext;

import java.util.List;

/**
 * The mounts the shell offers itself, for any set of modules: {@code services} (every configured
 * interface over the private protocol), {@code health} and {@code metrics}. All are private.
 */
final class ShellMounts {

  static final List<String> NAMES = List.of("services", "health", "metrics");

  private ShellMounts() {
  }

  static void install(String name, Router router, ServerContext server, NodeServices node) {
    switch (name) {
      case "services" -> PrivateProtocol.mount(server.vertx(), router, server.accessToken(), server.jsonOnly(),
        node.addresses(),
        node.settings().limits().maxBodyBytes(), node.settings().timeouts().serviceMs());
      case "health" -> Health.mount(server.vertx(), router, node);
      case "metrics" -> router.get("/metrics").handler(PrometheusScrapingHandler.create(node.registry()));
      default -> throw new IllegalArgumentException("not a mount of the shell: " + name);
    }
  }
}
