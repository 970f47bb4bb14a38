package org.hypergrid.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.hypergrid.region.RegionProtocol;

/**
 * Live observation from a browser: the event-bus bridge at {@code /eventbus} lets a page
 * subscribe to logins/logouts and delivered status notifications. Only these two outbound
 * addresses are permitted; nothing a browser sends reaches any address; and only pages of the
 * allowed origin may connect. The page itself is at {@code /monitor/}.
 */
public class MonitorBridge {

  private final Vertx vertx;
  private final String origin;

  /** {@code origin}: the only web origin whose pages may open the bridge. */
  public MonitorBridge(Vertx vertx, String origin) {
    this.vertx = vertx;
    this.origin = origin;
  }

  /**
   * {@code bridge.allowedOrigin} when set (HG_BRIDGE_ALLOWEDORIGIN), else the private server's
   * own origin, so only the page this server serves can read the events.
   */
  public static String allowedOrigin(JsonObject config, String host, int port) {
    String configured = config.getJsonObject("bridge", new JsonObject()).getString("allowedOrigin", "");
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
      .addOutboundPermitted(new PermittedOptions().setAddress(RegionProtocol.STATUS_EVENTS));
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, options).bridge(bridge));
    router.route("/monitor/*").handler(StaticHandler.create("monitor").setCachingEnabled(false));
  }
}
