package org.hypergrid.spi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.store.Schema;

import java.util.List;
import java.util.Optional;

/**
 * A service family member as the server shell sees it: its name (the key under {@code services}
 * in a node's config), its interface and event-bus address, how to build the local implementation
 * from the services it uses, its HTTP OUT connector, the IN connectors it can mount and the schema
 * it needs. Modules are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/org.hypergrid.spi.ServiceModule}), so a new service is a jar on the
 * class path and a line in the config; the shell has no per-service code.
 *
 * <p>Modules are stateless singletons shared by every node in the JVM: whatever a node needs to
 * keep lives in its {@link ModuleContext}.
 */
public interface ServiceModule {

  /** The service's name in configs, logs and {@code /services/<name>/...}. */
  String name();

  /** The {@code @ProxyGen} interface the service implements. */
  Class<?> type();

  /** Where the service is bound on the event bus. */
  String address();

  /** The services the local implementation (and this module's mounts and node hooks) call. */
  default List<String> uses() {
    return List.of();
  }

  /** The implementation, for a node that configures the service {@code via: local}. */
  Future<?> createLocal(ModuleContext node);

  /**
   * A connector to the service at {@code url}, for {@code via: http}. By default the project's
   * own private protocol ({@code POST <url>/services/<name>/<method>}, JSON, the access token).
   */
  default Future<?> createHttp(ModuleContext node, String url) {
    return node.privateHttpClient(this, url);
  }

  /** The tables the local implementation needs, if any. */
  default Optional<Schema> schema() {
    return Optional.empty();
  }

  /** The HTTP IN connectors this module offers to a node's servers. */
  default List<Mount> mounts() {
    return List.of();
  }

  /** Problems with this module's own config sections, added to the node's list. */
  default void validate(JsonObject config, List<String> problems) {
  }

  /**
   * Runs on every node that configures the service (by any means), once every service is
   * resolved and before the HTTP servers listen: start what the node needs besides the service.
   */
  default Future<Void> start(ModuleContext node) {
    return Future.succeededFuture();
  }

  /** Runs once the node's HTTP servers listen (in dependency order, like {@link #start}). */
  default Future<Void> started(ModuleContext node) {
    return Future.succeededFuture();
  }
}
