package org.hypergrid.shell;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import org.hypergrid.bridge.NodeReports;
import org.hypergrid.region.NodeDepartures;
import org.hypergrid.region.PresenceView;
import org.hypergrid.region.RegionHost;
import org.hypergrid.store.Database;
import org.hypergrid.store.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The server shell, main verticle of {@code java -jar}: reads the node's config and deploys what
 * it lists — the store (embedded or external) and its migrations, the services hosted here, the
 * HTTP servers with their IN connectors, and the regions (as HA shards). A bad config or a busy
 * port fails the start with a message saying which. At stop the regions go first: their agents
 * log out and friends hear it while the services and connectors still run.
 */
public class ServerShellVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ServerShellVerticle.class);

  private String embeddedDataDir;
  private Pool pool;
  private ServiceDirectory directory;
  private PresenceView view;
  private NodeDepartures departures;
  private RegionHost regionHost;
  private NodeReports reports;

  @Override
  public Future<?> start() {
    JsonObject config;
    try {
      config = NodeConfig.resolve(config(), System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error(e.getMessage());
      return Future.failedFuture(e);
    }
    String nodeId = RegionHost.nodeId(vertx);
    view = new PresenceView(vertx, nodeId);
    return view.start(RegionHost.liveNodeCount(vertx) - 1)
      .compose(v -> openStore(config))
      .compose(opened -> ServiceDirectory.create(vertx, config, opened, view, registry()))
      .compose(services -> {
        directory = services;
        departures = new NodeDepartures(vertx, view, services.notifier());
        departures.start();
        regionHost = new RegionHost(vertx, view, services.presence(), services.grid(), services.notifier(), config);
        vertx.registerVerticleFactory(regionHost);
        services.regionHost(regionHost);
        services.registerGauges();
        reports = new NodeReports(vertx, config.getJsonObject("grid").getString("name"), regionHost, services.stats(),
          services.remoteGrids());
        reports.start(config.getJsonObject("monitor").getLong("reportMs"));
        // Several instances: calls from other nodes are spread over as many event loops.
        return vertx.deployVerticle(() -> new ServiceHostVerticle(services),
          new DeploymentOptions().setInstances(config.getJsonObject("serviceHost").getInteger("instances")));
      })
      .compose(id -> deployHttpServers(config))
      .compose(v -> regionHost.deploy(config.getJsonArray("regions")))
      .compose(v -> config.getJsonObject("demo").getBoolean("seed", false)
        ? new DemoSeed(vertx, directory, config).run() : Future.succeededFuture())
      .onSuccess(v -> LOG.info("{} ready on node {}: {} region(s), services here: {}",
        config.getJsonObject("grid").getString("name"), nodeId, config.getJsonArray("regions").size(),
        directory.hosted().keySet()))
      .recover(e -> {
        LOG.error("Start failed: {}", e.getMessage());
        return release().transform(done -> Future.failedFuture(e));
      });
  }

  /**
   * Vert.x's own Prometheus registry when the launcher turned metrics on (so Vert.x's meters and
   * ours are scraped together), else one of this node's own.
   */
  private static PrometheusMeterRegistry registry() {
    return BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry vertxRegistry
      ? vertxRegistry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Regions first (their agents log out and friends are told while the services still run), then the rest. */
  @Override
  public Future<?> stop() {
    return release();
  }

  private Future<Pool> openStore(JsonObject config) {
    if (!ServiceDirectory.needsStore(config)) {
      return Future.succeededFuture(null);
    }
    JsonObject storage = config.getJsonObject("storage");
    Future<Void> server = Future.succeededFuture();
    if (Database.usesEmbedded(storage)) {
      String dataDir = storage.getString("dataDir");
      server = vertx.executeBlocking(() -> EmbeddedPostgresServer.acquire(dataDir, storage.getInteger("embeddedPort", 0)))
        .map(port -> {
          embeddedDataDir = dataDir;
          storage.put("embeddedPort", port);
          return null;
        });
    }
    return server.compose(v -> {
      pool = Database.pool(vertx, storage);
      return Database.migrate(pool);
    });
  }

  private Future<Void> deployHttpServers(JsonObject config) {
    JsonObject servers = config.getJsonObject("http");
    List<Future<String>> deployments = new ArrayList<>();
    for (String name : servers.fieldNames()) {
      JsonObject server = servers.getJsonObject(name);
      deployments.add(vertx.deployVerticle(() -> new HttpServerVerticle(name, server, directory),
        new DeploymentOptions().setInstances(server.getInteger("instances", 1))));
    }
    return Future.all(deployments).mapEmpty();
  }

  /** Closes what this shell opened, once; the embedded server stops with its last user. */
  private Future<Void> release() {
    Future<Void> closed = Future.succeededFuture();
    if (regionHost != null) {
      RegionHost host = regionHost;
      regionHost = null;
      closed = host.stop().onComplete(done -> vertx.unregisterVerticleFactory(host));
    }
    if (reports != null) {
      reports.stop();
      reports = null;
    }
    if (departures != null) {
      departures.stop();
      departures = null;
    }
    if (view != null) {
      PresenceView stopping = view;
      view = null;
      closed = closed.compose(v -> stopping.stop());
    }
    if (directory != null) {
      ServiceDirectory closing = directory;
      closed = closed.compose(v -> closing.close());
      directory = null;
    }
    if (pool != null) {
      Pool opened = pool;
      pool = null;
      closed = closed.compose(v -> opened.close());
    }
    if (embeddedDataDir != null) {
      String dataDir = embeddedDataDir;
      embeddedDataDir = null;
      closed = closed.eventually(() -> vertx.executeBlocking(() -> {
        EmbeddedPostgresServer.release(dataDir);
        return null;
      }));
    }
    return closed;
  }
}
