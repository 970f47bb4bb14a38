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
import java.util.concurrent.TimeUnit;

/**
 * One configured HTTP server (public or private) with the IN connectors it mounts, each
 * installed by the module (or the shell) that offers it. Several instances of it share the port,
 * one per event loop, and its connection limits. A private server refuses first what a browser
 * page of another origin could send ({@link PrivateRequestGuard}).
 */
public class HttpServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);

  private final String name;
  private final JsonObject server;
  private final NodeServices node;
  private final ConnectionLimits limits;
  private final OwnNames names;
  private ConnectionWatch watch;
  private volatile int listeningPort;

  /** {@code limits} and {@code names} are shared by every instance of this server. */
  HttpServerVerticle(String name, JsonObject server, NodeServices node, ConnectionLimits limits, OwnNames names) {
    this.name = name;
    this.server = server;
    this.node = node;
    this.limits = limits;
    this.names = names;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    String host = server.getString("host");
    int port = server.getInteger("port");
    boolean isPrivate = !NodeConfig.privateMounts(server).isEmpty();
    if (isPrivate) {
      router.route().handler(new PrivateRequestGuard(name, names, port == 0 ? () -> listeningPort : () -> port,
        node.registry()));
    }
    ServerContext context = context(host, port);
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
    watch = new ConnectionWatch(vertx, limits);
    watch.start();
    ConnectionSettings settings = limits.settings();
    return vertx.createHttpServer(new HttpServerOptions()
        // A backstop only: the watch's deadlines are the ones a trickling caller cannot restart.
        .setIdleTimeout((int) settings.idleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        // OpenSim's .NET clients send "Expect: 100-continue" and stall until they hear it.
        .setHandle100ContinueAutomatically(true)
        // HTTP/1 at once: h2c detection would wait for a first byte before we see the connection.
        .setHttp2ClearTextEnabled(false))
      .connectionHandler(watch::connected)
      .requestHandler(request -> {
        watch.requested(request);
        router.handle(request);
      })
      .listen(port, host)
      .recover(e -> Future.failedFuture(new IllegalStateException(
        "HTTP server '" + name + "' cannot listen on " + host + ":" + port + ": " + e.getMessage(), e)))
      .onSuccess(http -> {
        listeningPort = http.actualPort();
        LOG.info("HTTP server '{}' listening on {}:{} with {}, at most {} connections ({} per address)", name, host,
          http.actualPort(), server.getJsonArray("mounts").encode(), settings.maxTotal(), settings.maxPerAddress());
      });
  }

  @Override
  public Future<?> stop() {
    if (watch != null) {
      watch.stop();
    }
    return Future.succeededFuture();
  }

  private ServerContext context(String host, int port) {
    Handler<RoutingContext> token = PrivateProtocol.accessToken(node.settings().accessToken(),
      node.settings().basicAuthUsername());
    Handler<RoutingContext> jsonOnly = new JsonOnly(PrivateRequestGuard.refused(node.registry(), name, "content-type"));
    return new ServerContext() {
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

      @Override
      public Handler<RoutingContext> jsonOnly() {
        return jsonOnly;
      }
    };
  }
}
