package org.hypergrid.friends.monitor;

import io.vertx.core.Vertx;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.hypergrid.friends.engine.RegionDirectory;
import org.hypergrid.friends.engine.RegionProtocol;

/**
 * Live observation from a browser: the event-bus bridge at {@code /eventbus} lets a page
 * subscribe to logins/logouts and delivered status notifications. Only these two outbound
 * addresses are permitted; nothing a browser sends reaches any address; and only pages of the
 * allowed origin may connect. The page itself is at {@code /monitor/}.
 */
public class MonitorBridge {

  private final Vertx vertx;
  private final String origin;
  private final RegionDirectory regions;

  /** {@code origin}: the only web origin whose pages may open the bridge; {@code regions}: this node's. */
  public MonitorBridge(Vertx vertx, String origin, RegionDirectory regions) {
    this.vertx = vertx;
    this.origin = origin;
    this.regions = regions;
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

  public void mount(Router router) {
    // Only the WebSocket transports check the Origin header: the others are turned off.
    SockJSHandlerOptions options = new SockJSHandlerOptions().setOrigin(origin)
      .addDisabledTransport(Transport.EVENT_SOURCE.name()).addDisabledTransport(Transport.HTML_FILE.name())
      .addDisabledTransport(Transport.JSON_P.name()).addDisabledTransport(Transport.XHR.name());
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
      .addOutboundPermitted(new PermittedOptions().setAddress(RegionProtocol.AGENT_EVENTS))
      .addOutboundPermitted(new PermittedOptions().setAddress(RegionProtocol.STATUS_EVENTS))
      .addOutboundPermitted(new PermittedOptions().setAddress(NodeReports.ADDRESS));
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, options).bridge(bridge));
    // This node's regions, a page at a time, busiest first (the page's region table).
    router.get("/monitor/api/regions").handler(ctx -> {
      int offset = number(ctx.queryParam("offset"), 0, Integer.MAX_VALUE);
      int limit = number(ctx.queryParam("limit"), 1, MAX_PAGE);
      String name = ctx.queryParam("q").isEmpty() ? "" : ctx.queryParam("q").get(0);
      ctx.response().putHeader("Content-Type", "application/json")
        .end(regions.page(offset, limit, name.length() > 64 ? name.substring(0, 64) : name).encode());
    });
    router.route("/monitor/*").handler(StaticHandler.create("monitor").setCachingEnabled(false));
  }
}
