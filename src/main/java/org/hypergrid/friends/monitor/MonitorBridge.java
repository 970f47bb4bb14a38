package org.hypergrid.friends.monitor;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.hypergrid.friends.engine.GridProblems;
import org.hypergrid.friends.engine.RegionProtocol;

/**
 * The operator page at {@code /monitor/}: the grid's state when it opens ({@code /monitor/api/state},
 * {@code /monitor/api/regions}), then live through the event-bus bridge at {@code /eventbus}:
 * logins and logouts, delivered statuses, node reports and problems. Only these outbound addresses
 * are permitted; nothing a browser sends reaches any address; and only pages of the allowed origin
 * may connect.
 */
public class MonitorBridge {

  private final Vertx vertx;
  private final String origin;
  private final GridState state;

  /** {@code origin}: the only web origin whose pages may open the bridge; {@code state}: what the page opens on. */
  public MonitorBridge(Vertx vertx, String origin, GridState state) {
    this.vertx = vertx;
    this.origin = origin;
    this.state = state;
  }

  private static final int MAX_PAGE = 200;

  private static int number(java.util.List<String> values, int min, int max) {
    try {
      return values.isEmpty() ? min : Math.max(min, Math.min(max, Integer.parseInt(values.get(0))));
    } catch (NumberFormatException e) {
      return min;
    }
  }

  /**
   * {@code configured} ({@code bridge.allowedOrigin}, HG_BRIDGE_ALLOWEDORIGIN) when set, else the
   * private server's own origin, so only the page this server serves can read the events.
   */
  public static String allowedOrigin(String configured, String host, int port) {
    if (!configured.isBlank()) {
      return configured;
    }
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port;
  }

  private static void reply(RoutingContext ctx, AsyncResult<JsonObject> done) {
    if (done.succeeded()) {
      ctx.response().putHeader("Content-Type", "application/json").end(done.result().encode());
    } else {
      ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", String.valueOf(done.cause().getMessage())).encode());
    }
  }

  public void mount(Router router) {
    // Only the WebSocket transports check the Origin header: the others are turned off.
    SockJSHandlerOptions options = new SockJSHandlerOptions().setOrigin(origin)
      .addDisabledTransport(Transport.EVENT_SOURCE.name()).addDisabledTransport(Transport.HTML_FILE.name())
      .addDisabledTransport(Transport.JSON_P.name()).addDisabledTransport(Transport.XHR.name());
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
      .addOutboundPermitted(new PermittedOptions().setAddress(RegionProtocol.AGENT_EVENTS))
      .addOutboundPermitted(new PermittedOptions().setAddress(RegionProtocol.STATUS_EVENTS))
      .addOutboundPermitted(new PermittedOptions().setAddress(NodeReports.ADDRESS))
      .addOutboundPermitted(new PermittedOptions().setAddress(GridProblems.ADDRESS));
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, options).bridge(bridge));
    // The grid as it is now, the moment the page opens (live events then come through the bridge).
    router.get("/monitor/api/state").handler(ctx -> state.snapshot().onComplete(done -> reply(ctx, done)));
    // The grid's regions from the registry, a page at a time, by name, each with its agents.
    router.get("/monitor/api/regions").handler(ctx -> {
      int offset = number(ctx.queryParam("offset"), 0, Integer.MAX_VALUE);
      int limit = number(ctx.queryParam("limit"), 1, MAX_PAGE);
      String name = ctx.queryParam("q").isEmpty() ? "" : ctx.queryParam("q").get(0);
      state.regions(offset, limit, name.length() > 64 ? name.substring(0, 64) : name)
        .onComplete(done -> reply(ctx, done));
    });
    router.route("/monitor/*").handler(StaticHandler.create("monitor").setCachingEnabled(false));
  }
}
