package org.hypergrid.shell;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import org.hypergrid.rpc.PrivateProtocol;
import org.hypergrid.runtime.ClusterView;
import org.hypergrid.runtime.OutboundHttp;
import org.hypergrid.runtime.OutboundPolicy;
import org.hypergrid.runtime.ServiceProxies;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NodeSettings;
import org.hypergrid.spi.ServiceModule;
import org.hypergrid.store.Schema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The node as its modules see it: each configured service resolved as the config says — the
 * module's implementation ({@code via: local}), the event-bus proxy ({@code bus}) or the module's
 * HTTP OUT connector ({@code http}) — in dependency order, so implementations receive interfaces
 * and never know which kind they hold. It also keeps what modules share per node and what must
 * stop with it.
 */
final class NodeServices implements ModuleContext {

  private final Vertx vertx;
  private final JsonObject config;
  private final NodeSettings settings;
  private final ClusterView cluster;
  private final Pool pool;
  private final Pool leasePool;
  private final PrometheusMeterRegistry registry;
  private final WebClient web;
  private final OutboundHttp outbound;
  private final OutboundHttp outboundOnce;
  private final List<String> order;
  private final Map<String, Object> resolved = new ConcurrentHashMap<>();
  /** Services implemented on this node, by name: the ones bound on the event bus here. */
  private final Map<String, Object> hosted = new LinkedHashMap<>();
  private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();
  private final Deque<Supplier<Future<Void>>> stops = new ArrayDeque<>();
  private final Consumer<String> rejoin;
  final List<HealthEntry> healthChecks = new ArrayList<>();

  record HealthEntry(String name, boolean readiness, Handler<Promise<Status>> check) {
  }

  NodeServices(Vertx vertx, JsonObject config, ClusterView cluster, Pool pool, Pool leasePool,
               PrometheusMeterRegistry registry, Consumer<String> rejoin) {
    this.vertx = vertx;
    this.rejoin = rejoin;
    this.config = config;
    this.settings = NodeConfig.settings(config);
    this.cluster = cluster;
    this.pool = pool;
    this.leasePool = leasePool;
    this.registry = registry;
    this.order = NodeConfig.serviceOrder(config);
    NodeSettings.Outbound out = settings.outbound();
    this.web = WebClient.create(vertx, new WebClientOptions().setUserAgent("HypergridServices/0.1")
      .setKeepAlive(true).setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(32)
      .setMaxWaitQueueSize(out.maxWaitQueue()));
    OutboundPolicy policy = new OutboundPolicy(vertx, out.allowLoopback(), out.allowPrivate());
    this.outbound = new OutboundHttp(vertx, policy, out.maxReplyBytes(), out.maxConnections(), out.maxWaitQueue(), true);
    this.outboundOnce = new OutboundHttp(vertx, policy, out.maxReplyBytes(), out.maxConnections(), out.maxWaitQueue(),
      false);
  }

  /** The schema tracks of the services implemented here (empty: the node needs no store). */
  static List<Schema> schemas(JsonObject config) {
    return NodeConfig.serviceOrder(config).stream()
      .filter(name -> "local".equals(config.getJsonObject("services").getJsonObject(name).getString("via")))
      .flatMap(name -> Modules.get(name).schema().stream()).toList();
  }

  /** Resolves every configured service in dependency order. */
  Future<Void> resolveAll() {
    return inOrder(this::resolve);
  }

  /** Runs {@code step} for each configured module, in dependency order, each after the one before. */
  private Future<Void> inOrder(Function<ServiceModule, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (String name : order) {
      chain = chain.compose(v -> step.apply(Modules.get(name)));
    }
    return chain;
  }

  private Future<Void> resolve(ServiceModule module) {
    JsonObject entry = config.getJsonObject("services").getJsonObject(module.name());
    Future<?> service = switch (entry.getString("via")) {
      case "local" -> module.createLocal(this).onSuccess(implementation -> hosted.put(module.name(), implementation));
      case "bus" -> Future.succeededFuture(ServiceProxies.create(vertx, module.address(), module.type(),
        settings.timeouts().serviceMs()));
      default -> module.createHttp(this, entry.getString("url"));
    };
    return service.map(resolvedService -> {
      resolved.put(module.name(), module.type().cast(resolvedService));
      return null;
    });
  }

  /** Every module's node hook, in dependency order. */
  Future<Void> start() {
    return inOrder(module -> module.start(this));
  }

  /** Every module's hook for once the servers listen, in dependency order. */
  Future<Void> started() {
    return inOrder(module -> module.started(this));
  }

  Map<String, Object> hosted() {
    return hosted;
  }

  /** Service name → event-bus address, for every configured service. */
  Map<String, String> addresses() {
    Map<String, String> addresses = new LinkedHashMap<>();
    order.forEach(name -> addresses.put(name, Modules.get(name).address()));
    return addresses;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public JsonObject config() {
    return config;
  }

  @Override
  public NodeSettings settings() {
    return settings;
  }

  @Override
  public ClusterView cluster() {
    return cluster;
  }

  @Override
  public <T> T service(String name, Class<T> type) {
    Object service = resolved.get(name);
    if (service == null) {
      throw new IllegalStateException("service '" + name + "' is not configured on this node (or not resolved yet)");
    }
    return type.cast(service);
  }

  @Override
  public Pool pool() {
    return pool;
  }

  @Override
  public Pool leasePool() {
    return leasePool;
  }

  @Override
  public OutboundHttp outbound() {
    return outbound;
  }

  @Override
  public OutboundHttp outboundOnce() {
    return outboundOnce;
  }

  @Override
  public WebClient web() {
    return web;
  }

  @Override
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public <T> T shared(Class<T> type, Supplier<T> create) {
    return type.cast(shared.computeIfAbsent(type, t -> create.get()));
  }

  @Override
  public synchronized void onStop(Supplier<Future<Void>> stop) {
    stops.push(stop);
  }

  @Override
  public synchronized void healthCheck(String name, boolean readiness, Handler<Promise<Status>> check) {
    healthChecks.add(new HealthEntry(name, readiness, check));
  }

  @Override
  public void rejoinCluster(String why) {
    rejoin.accept(why);
  }

  @Override
  public Future<?> privateHttpClient(ServiceModule module, String url) {
    return PrivateProtocol.client(vertx, web, module.type(), module.name(), url, settings.timeouts().serviceMs(),
      settings.accessToken());
  }

  /** Runs the modules' stops, last registered first (each waits for the one before), then closes the clients. */
  Future<Void> close() {
    Future<Void> chain = Future.succeededFuture();
    while (true) {
      Supplier<Future<Void>> stop;
      synchronized (this) {
        stop = stops.poll();
      }
      if (stop == null) {
        break;
      }
      chain = chain.eventually(stop::get);
    }
    return chain.eventually(() -> {
      web.close();
      outbound.close();
      outboundOnce.close();
      // Gauges read this node's objects; a node started again in this process registers its own.
      registry.getMeters().stream().filter(meter -> meter instanceof Gauge && meter.getId().getName().startsWith("hg."))
        .toList().forEach(registry::remove);
      return Future.succeededFuture();
    });
  }
}
