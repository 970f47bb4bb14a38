package org.hypergrid.shell;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.hypergrid.api.RegionInfo;
import org.hypergrid.region.RegionVerticle;
import org.hypergrid.store.Database;
import org.hypergrid.store.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The server shell, main verticle of {@code java -jar}: reads the node's config and deploys what
 * it lists — the store (embedded or external) and its migrations, the services hosted here, the
 * HTTP servers with their IN connectors, and the regions. A bad config or a busy port fails the
 * start with a message saying which.
 */
public class ServerShellVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ServerShellVerticle.class);

  private String embeddedDataDir;
  private Pool pool;
  private ServiceDirectory directory;

  @Override
  public Future<?> start() {
    JsonObject config;
    try {
      config = NodeConfig.resolve(config(), System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error(e.getMessage());
      return Future.failedFuture(e);
    }
    return openStore(config)
      .compose(opened -> ServiceDirectory.create(vertx, config, opened))
      .compose(services -> {
        directory = services;
        return vertx.deployVerticle(new ServiceHostVerticle(services));
      })
      .compose(id -> deployHttpServers(config))
      .compose(v -> deployRegions(config))
      .compose(v -> config.getJsonObject("demo").getBoolean("seed", false)
        ? new DemoSeed(vertx, directory, config).run() : Future.succeededFuture())
      .onSuccess(v -> LOG.info("{} ready: {} region(s), services here: {}", config.getJsonObject("grid").getString("name"),
        config.getJsonArray("regions").size(), directory.hosted().keySet()))
      .recover(e -> {
        LOG.error("Start failed: {}", e.getMessage());
        return release().transform(done -> Future.failedFuture(e));
      });
  }

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

  private Future<Void> deployRegions(JsonObject config) {
    JsonArray regions = config.getJsonArray("regions");
    List<Future<String>> deployments = new ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      JsonObject region = regions.getJsonObject(i);
      RegionInfo info = new RegionInfo().setRegionId(region.getString("id").toLowerCase())
        .setName(region.getString("name")).setLocX(region.getInteger("x", 1000)).setLocY(region.getInteger("y", 1000));
      deployments.add(vertx.deployVerticle(new RegionVerticle(info, directory.presence(), directory.grid(),
        directory.notifier())));
    }
    return Future.all(deployments).mapEmpty();
  }

  /** Closes what this shell opened, once; the embedded server stops with its last user. */
  private Future<Void> release() {
    Future<Void> closed = Future.succeededFuture();
    if (directory != null) {
      closed = directory.close();
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
