package org.hypergrid.shell;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.rpc.PrivateProtocol;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * One configured HTTP server (public or private) with the IN connectors it mounts, each
 * installed by the module (or the shell) that offers it. Several instances of it share the port,
 * one per event loop.
 */
public class HttpServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);

  private final String name;
  private final JsonObject server;
  private final NodeServices node;

  HttpServerVerticle(String name, JsonObject server, NodeServices node) {
    this.name = name;
    this.server = server;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    String host = server.getString("host");
    int port = server.getInteger("port");
    Handler<RoutingContext> token = PrivateProtocol.accessToken(node.settings().accessToken());
    ServerContext context = new ServerContext() {
      @Override
      public ModuleContext node() {
        return node;
      }

      @Override
      public Vertx vertx() {
        return vertx;
      }

      @Override
      public String host() {
        return host;
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public Handler<RoutingContext> accessToken() {
        return token;
      }
    };
    Map<String, Modules.Owned> mounts = Modules.mounts();
    for (Object item : server.getJsonArray("mounts")) {
      String mount = String.valueOf(item);
      Modules.Owned owned = mounts.get(mount);
      if (owned.module() == null) {
        ShellMounts.install(mount, router, context, node);
      } else {
        owned.mount().installer().install(router, context);
      }
    }
    return vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60)
      // OpenSim's .NET clients send "Expect: 100-continue" and stall until they hear it.
      .setHandle100ContinueAutomatically(true))
      .requestHandler(router)
      .listen(port, host)
      .recover(e -> Future.failedFuture(new IllegalStateException(
        "HTTP server '" + name + "' cannot listen on " + host + ":" + port + ": " + e.getMessage(), e)))
      .onSuccess(http -> LOG.info("HTTP server '{}' listening on {}:{} with {}", name, host, http.actualPort(),
        server.getJsonArray("mounts").encode()));
  }
}
