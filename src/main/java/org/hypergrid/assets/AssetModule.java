package org.hypergrid.assets;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.assets.api.AssetService;
import org.hypergrid.assets.clients.AssetsHttpConnector;
import org.hypergrid.assets.handlers.AssetsInConnector;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.assets.impl.AssetServiceImpl;
import org.hypergrid.assets.xml.AssetSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.Mount;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The asset service as OpenSim's ROBUST serves it: the {@code assets} mount speaks OpenSim's
 * asset protocol, and over HTTP ({@code via: http}) this node talks that protocol to any asset
 * server, ours or OpenSim's; an IN mount over an HTTP OUT connector is thus a proxy.
 */
public final class AssetModule extends NamedServiceModule {

  private static final Logger LOG = LoggerFactory.getLogger(AssetModule.class);

  private static final Schema SCHEMA = new Schema("assets", List.of(
    // 1: OpenSim's asset row; the id is the full id (a UUID)
    """
    CREATE TABLE assets (
      id          uuid         PRIMARY KEY,
      name        varchar(64)  NOT NULL,
      description varchar(64)  NOT NULL,
      asset_type  smallint     NOT NULL,
      local       boolean      NOT NULL DEFAULT false,
      temporary   boolean      NOT NULL DEFAULT false,
      creator_id  varchar(255) NOT NULL DEFAULT '',
      asset_flags integer      NOT NULL DEFAULT 0,
      data        bytea        NOT NULL,
      created_at  timestamptz  NOT NULL DEFAULT now()
    );
    """));

  public AssetModule() {
    super("assets", AssetService.class, AssetService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    AssetServiceImpl service = new AssetServiceImpl(node.pool(), settings(node.config()).getLong("maxAssetBytes"));
    String assetSets = settings(node.config()).getString("loaderArgs", "");
    return assetSets.isBlank() ? Future.succeededFuture(service) : loadDefaults(node, service, assetSets).map(service);
  }

  /**
   * The default asset sets, as OpenSim's {@code AssetLoaderArgs}: every asset listed is stored
   * unless it is there already. Read whole before anything is stored; a missing or broken file
   * fails the start with its name.
   */
  private static Future<Void> loadDefaults(ModuleContext node, AssetService service, String assetSets) {
    return node.vertx().executeBlocking(() -> AssetSets.read(Path.of(assetSets)))
      .recover(e -> Future.failedFuture(new IllegalStateException("assets.loaderArgs: " + e.getMessage(), e)))
      .compose(assets -> service.assetsExist(assets.stream().map(AssetBase::getId).toList())
        .compose(exist -> {
          List<Future<String>> stored = new ArrayList<>();
          for (int i = 0; i < assets.size(); i++) {
            if (!exist.get(i)) {
              stored.add(service.store(assets.get(i)));
            }
          }
          return Future.all(stored).onSuccess(done -> LOG.info("Default assets from {}: {} stored, {} there already",
            assetSets, stored.size(), assets.size() - stored.size()));
        }))
      .mapEmpty();
  }

  @Override
  public Future<?> createHttp(ModuleContext node, String url) {
    return Future.succeededFuture(new AssetsHttpConnector(node.vertx(), node.web(), url,
      settings(node.config()).getLong("timeoutMs")));
  }

  @Override
  public Optional<Schema> schema() {
    return Optional.of(SCHEMA);
  }

  @Override
  public List<Mount> mounts() {
    return List.of(Mount.privateMount("assets", (router, server) -> {
      JsonObject settings = settings(server.node().config());
      router.route("/assets*").handler(server.accessToken());
      router.route("/get_assets_exist").handler(server.accessToken());
      AssetsInConnector.Policy policy = new AssetsInConnector.Policy(settings.getBoolean("allowRemoteDelete"),
        settings.getBoolean("allowRemoteDeleteAllTypes"), settings.getString("redirectUrl"));
      new AssetsInConnector(server.node().service("assets", AssetService.class), settings.getLong("maxAssetBytes"),
        server.node().config().getJsonObject("limits").getInteger("maxBodyBytes"), policy).mount(router);
    }));
  }

  @Override
  public void validate(JsonObject config, List<String> problems) {
    JsonObject settings = config.getJsonObject("assets", new JsonObject());
    for (String key : List.of("maxAssetBytes", "timeoutMs")) {
      if (!(settings.getValue(key) instanceof Number n) || n.longValue() <= 0) {
        problems.add("assets." + key + " must be a positive number");
      }
    }
    String redirect = settings.getString("redirectUrl", "");
    if (!redirect.isEmpty() && !redirect.matches("https?://\\S+")) {
      problems.add("assets.redirectUrl must be an http(s) URL or empty, not '" + redirect + "'");
    }
  }

  private static JsonObject settings(JsonObject config) {
    return config.getJsonObject("assets");
  }
}
