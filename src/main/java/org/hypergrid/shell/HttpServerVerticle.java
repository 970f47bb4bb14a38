package org.hypergrid.shell;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.hypergrid.bridge.MonitorBridge;
import org.hypergrid.connector.in.AccessToken;
import org.hypergrid.connector.in.HGFriendsInConnector;
import org.hypergrid.connector.in.RegionFriendsInConnector;
import org.hypergrid.connector.in.RegionsInConnector;
import org.hypergrid.connector.in.ServicesInConnector;
import org.hypergrid.connector.in.UserAgentInConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured HTTP server (public or private) with the IN connectors it mounts. Several
 * instances of it share the port, one per event loop.
 */
public class HttpServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);

  private final String name;
  private final JsonObject server;
  private final ServiceDirectory services;

  public HttpServerVerticle(String name, JsonObject server, ServiceDirectory services) {
    this.name = name;
    this.server = server;
    this.services = services;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    JsonObject limits = services.config().getJsonObject("limits");
    AccessToken token = new AccessToken(services.config().getJsonObject("security").getString("accessToken"));
    String host = server.getString("host");
    int port = server.getInteger("port");
    int maxBody = limits.getInteger("maxBodyBytes");
    for (Object mount : server.getJsonArray("mounts")) {
      switch (String.valueOf(mount)) {
        case "hgfriends" -> new HGFriendsInConnector(services.hgfriends(), maxBody, limits.getInteger("maxFriends"),
          services.failuresByAddress(), services.stats())
          .mount(router);
        case "useragent" -> new UserAgentInConnector(services.users(), services.hgfriends(), maxBody).mount(router);
        case "friends-sim" -> new RegionFriendsInConnector(vertx, services.presence(), services.friends(),
          services.config().getJsonObject("timeouts").getLong("regionMs")).mount(router);
        case "services" -> {
          router.route("/services/*").handler(token);
          new ServicesInConnector(vertx, ServiceDirectory.ADDRESSES, maxBody).mount(router);
        }
        case "regions" -> {
          router.route("/regions*").handler(token);
          router.route("/travels*").handler(token);
          new RegionsInConnector(vertx, services.grid(), services.presence()).mount(router);
        }
        case "health" -> Health.mount(vertx, router, services);
        case "metrics" -> router.get("/metrics").handler(PrometheusScrapingHandler.create(services.registry()));
        case "monitor" -> new MonitorBridge(vertx, MonitorBridge.allowedOrigin(services.config(), host, port),
          services.regionHost()).mount(router);
        default -> throw new IllegalArgumentException("unknown mount " + mount);
      }
    }
    return vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60))
      .requestHandler(router)
      .listen(port, host)
      .recover(e -> Future.failedFuture(new IllegalStateException(
        "HTTP server '" + name + "' cannot listen on " + host + ":" + port + ": " + e.getMessage(), e)))
      .onSuccess(http -> LOG.info("HTTP server '{}' listening on {}:{} with {}", name, host, http.actualPort(),
        server.getJsonArray("mounts").encode()));
  }
}
