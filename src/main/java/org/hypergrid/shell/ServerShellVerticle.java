package org.hypergrid.shell;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.hypergrid.runtime.ClusterView;
import org.hypergrid.store.Database;
import org.hypergrid.store.EmbeddedPostgresServer;
import org.hypergrid.store.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The server shell, main verticle of {@code java -jar}: reads the node's config and deploys what
 * it lists — the store (embedded or external) with the schemas of the services implemented here,
 * the services (each through its module, in dependency order), the HTTP servers with the IN
 * connectors they mount, then the modules' node hooks (the friends family deploys its regions as
 * HA shards). It knows no service by name. A bad config or a busy port fails the start with a
 * message saying which. At stop the modules' stops run last-started first: regions go before the
 * services, so their agents log out and friends hear it while the services still run.
 */
public class ServerShellVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ServerShellVerticle.class);

  private String embeddedDataDir;
  private StoreWatch storeWatch;
  private Pool pool;
  /** Two connections for the membership lease, so that its confirmations never queue behind the load. */
  private Pool leasePool;
  private NodeServices node;
  private ClusterView cluster;
  private boolean rejoining;
  /** Exit status of a node that was fenced and could not start again as a new member (EX_TEMPFAIL). */
  static final int REJOIN_FAILED = 75;

  @Override
  public Future<?> start() {
    return NodeConfig.load(vertx, config())
      .onFailure(e -> LOG.error(e.getMessage()))
      .compose(config -> {
        cluster = ClusterView.of(vertx);
        String nodeId = cluster.nodeId();
        return openStore(config)
          .compose(opened -> {
            node = new NodeServices(vertx, config, cluster, opened, leasePool, registry(), this::rejoin);
            return node.resolveAll();
          })
          .compose(v -> node.start())
          // Several instances: calls from other nodes are spread over as many event loops.
          .compose(v -> vertx.deployVerticle(() -> new ServiceHostVerticle(node),
            new DeploymentOptions().setInstances(config.getJsonObject("serviceHost").getInteger("instances"))))
          .compose(id -> deployHttpServers(config))
          .compose(v -> node.started())
          .onSuccess(v -> LOG.info("{} ready on node {}; services here: {}",
            config.getJsonObject("grid").getString("name"), nodeId, node.hosted().keySet()))
          .recover(e -> {
            LOG.error("Start failed: {}", e.getMessage());
            return release().transform(done -> Future.failedFuture(e));
          });
      });
  }

  /**
   * Stops this shell and deploys a new one on the same config (a new member of the cluster: a new
   * membership epoch, presence asked again, regions claimed again through the registry). The
   * embedded store, if any, is held across, so other nodes keep theirs. A node that cannot start
   * again exits with {@value #REJOIN_FAILED}, for its supervisor to restart it.
   */
  private void rejoin(String why) {
    if (rejoining) {
      return;
    }
    rejoining = true;
    Vertx running = vertx;
    JsonObject shellConfig = config();
    String self = deploymentID();
    String dataDir = embeddedDataDir;
    Future<Void> held = dataDir == null ? Future.succeededFuture() : running.executeBlocking(() -> {
      EmbeddedPostgresServer.acquire(dataDir, 0);
      return null;
    });
    LOG.warn("Rejoining the cluster: {}", why);
    held.compose(v -> running.undeploy(self))
      .compose(v -> deployAtTopLevel(running, shellConfig))
      .eventually(() -> dataDir == null ? Future.succeededFuture() : running.executeBlocking(() -> {
        EmbeddedPostgresServer.release(dataDir);
        return null;
      }))
      .onSuccess(id -> LOG.info("Rejoined the cluster as a new member"))
      .onFailure(e -> {
        LOG.error("Could not rejoin the cluster ({}); exiting with {} so the node is started again", e.getMessage(),
          REJOIN_FAILED);
        // Not on the event loop: the exit's shutdown hook closes Vert.x and waits for it.
        new Thread(() -> System.exit(REJOIN_FAILED), "rejoin-failed-exit").start();
      });
  }

  /**
   * Deploys a new shell as a deployment of its own, not a child of the one that just stopped:
   * from a thread outside Vert.x, as the launcher did.
   */
  private static Future<String> deployAtTopLevel(Vertx vertx, JsonObject shellConfig) {
    Promise<String> deployed = Promise.promise();
    Thread starter = new Thread(() -> vertx.deployVerticle(ServerShellVerticle::new,
      new DeploymentOptions().setConfig(shellConfig)).onComplete(deployed), "rejoin");
    starter.start();
    return deployed.future();
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
    List<Schema> schemas = NodeServices.schemas(config);
    if (schemas.isEmpty()) {
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
          storeWatch = new StoreWatch(vertx, dataDir);
          return null;
        });
    }
    return server.compose(v -> {
      if (!Database.usesEmbedded(storage)) {
        PgConnectOptions store = Database.connectOptions(storage);
        LOG.info("Store: external PostgreSQL {}:{}, database {}, user {}", store.getHost(), store.getPort(),
          store.getDatabase(), store.getUser());
      }
      pool = Database.pool(vertx, storage);
      leasePool = Database.pool(vertx, storage.copy().put("poolSize", 2).put("maxWaitQueue", 100).put("eventLoops", 1));
      return Database.migrate(pool, schemas);
    });
  }

  private Future<Void> deployHttpServers(JsonObject config) {
    JsonObject servers = config.getJsonObject("http");
    List<String> bindHosts = servers.fieldNames().stream().map(name -> servers.getJsonObject(name).getString("host"))
      .toList();
    return vertx.executeBlocking(() -> OwnNames.discover(bindHosts, node.settings().privateHostNames()))
      .compose(names -> {
        List<Future<String>> deployments = new ArrayList<>();
        for (String name : servers.fieldNames()) {
          JsonObject server = servers.getJsonObject(name);
          ConnectionLimits limits = new ConnectionLimits(name,
            ConnectionSettings.read(config, name, new ArrayList<>()), node.registry());
          deployments.add(vertx.deployVerticle(() -> new HttpServerVerticle(name, server, node, limits, names),
            new DeploymentOptions().setInstances(server.getInteger("instances", 1))));
        }
        return Future.all(deployments).mapEmpty();
      });
  }

  /** Closes what this shell opened, once: the modules' stops (regions first), the store, the embedded server last. */
  private Future<Void> release() {
    Future<Void> closed = Future.succeededFuture();
    if (node != null) {
      NodeServices closing = node;
      node = null;
      closed = closing.close();
    }
    if (pool != null) {
      Pool opened = pool;
      pool = null;
      closed = closed.eventually(opened::close);
    }
    if (leasePool != null) {
      Pool opened = leasePool;
      leasePool = null;
      closed = closed.eventually(opened::close);
    }
    if (storeWatch != null) {
      storeWatch.stop();
      storeWatch = null;
    }
    if (embeddedDataDir != null) {
      String dataDir = embeddedDataDir;
      embeddedDataDir = null;
      closed = closed.eventually(() -> vertx.executeBlocking(() -> {
        EmbeddedPostgresServer.release(dataDir);
        return null;
      }));
    }
    if (cluster != null) {
      ClusterView listening = cluster;
      cluster = null;
      closed = closed.eventually(() -> {
        listening.close();
        return Future.succeededFuture();
      });
    }
    return closed;
  }
}
