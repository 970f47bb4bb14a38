package org.hypergrid.rpc;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.hypergrid.runtime.HttpErrors;
import org.hypergrid.runtime.ServiceErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The private services over HTTP: {@code POST /services/<name>/<method>} with the method's
 * arguments as a JSON object, answered {@code {"result": ...}}. It hands the call to the
 * service's event-bus address, so whatever serves the interface there answers; the HTTP OUT
 * connector ({@code HttpServiceProxy}) speaks the other end. Mount it on the private port only.
 */
final class ServicesInConnector {

  private static final Logger LOG = LoggerFactory.getLogger(ServicesInConnector.class);

  private final Vertx vertx;
  private final Map<String, String> addresses;
  private final int maxBodyBytes;
  private final long timeoutMs;

  /** {@code addresses}: service name → the event-bus address its interface is bound at. */
  ServicesInConnector(Vertx vertx, Map<String, String> addresses, int maxBodyBytes, long timeoutMs) {
    this.vertx = vertx;
    this.addresses = addresses;
    this.maxBodyBytes = maxBodyBytes;
    this.timeoutMs = timeoutMs;
  }

  void mount(Router router) {
    router.post("/services/:service/:method")
      .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
      .handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    String address = addresses.get(ctx.pathParam("service"));
    if (address == null) {
      error(ctx, 404, "no service " + ctx.pathParam("service"));
      return;
    }
    JsonObject args;
    try {
      args = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      error(ctx, 400, "body is not a JSON object");
      return;
    }
    DeliveryOptions options = new DeliveryOptions().addHeader("action", ctx.pathParam("method"))
      .setSendTimeout(timeoutMs);
    vertx.eventBus().request(address, args, options)
      .onSuccess(reply -> ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("result", reply.body()).encode()))
      .onFailure(e -> {
        // Nobody serving a known service is the node's fault (503); the service's own "not found"
        // stays 404, so a caller over HTTP hears what a caller on the bus would.
        error(ctx, ServiceErrors.isNobodyThere(e) ? 503 : HttpErrors.status(e), e.getMessage());
      });
  }

  private static void error(RoutingContext ctx, int status, String message) {
    HttpErrors.reply(ctx, LOG, status, message);
  }

}
