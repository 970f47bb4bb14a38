package org.hypergrid.rpc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;

import java.util.Map;

/**
 * The project's own private HTTP protocol between its nodes: every service interface at
 * {@code POST /services/<name>/<method>}, JSON in and out, guarded by the grid's access token.
 * What the shell and modules use of it; its connectors stay inside this package.
 */
public final class PrivateProtocol {

  /** The request header that carries the grid's shared access token. */
  public static final String ACCESS_TOKEN_HEADER = "X-HG-Access-Token";

  private PrivateProtocol() {
  }

  /**
   * A route handler that lets a request through only with {@code token} (a no-op when it is
   * blank), in our header or as OpenSim's Basic credentials (with {@code basicUsername} as the
   * user name when it is not blank).
   */
  public static Handler<RoutingContext> accessToken(String token, String basicUsername) {
    return new AccessToken(token, basicUsername);
  }

  /**
   * The IN side: {@code /services/<name>/<method>} for every service in {@code addresses} (name →
   * event-bus address), behind the access token and JSON only; each call waits at most {@code timeoutMs}.
   */
  public static void mount(Vertx vertx, Router router, Handler<RoutingContext> accessToken,
                           Handler<RoutingContext> jsonOnly, Map<String, String> addresses, int maxBodyBytes,
                           long timeoutMs) {
    router.route("/services/*").handler(accessToken).handler(jsonOnly);
    new ServicesInConnector(vertx, addresses, maxBodyBytes, timeoutMs).mount(router);
  }

  /** The OUT side: {@code type} served by the node at {@code url}, each call bounded by {@code timeoutMs}. */
  public static <T> Future<T> client(Vertx vertx, WebClient web, Class<T> type, String name, String url,
                                     long timeoutMs, String token) {
    return HttpServiceProxy.create(vertx, web, type, name, url, timeoutMs, token);
  }
}
