package org.hypergrid.spi;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** What a mount is installed with: the node, and the server (and its event loop) it runs on. */
public interface ServerContext {

  ModuleContext node();

  /** The Vert.x of the server instance (its verticle's context). */
  Vertx vertx();

  String host();

  int port();

  /** Lets a request through only with the node's access token (a no-op when none is set). */
  Handler<RoutingContext> accessToken();

  /** Lets a request with a body through only when it says {@code Content-Type: application/json} (415 else). */
  Handler<RoutingContext> jsonOnly();
}
