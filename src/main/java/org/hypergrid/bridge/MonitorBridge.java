package org.hypergrid.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import org.hypergrid.region.RegionProtocol;

/**
 * Live observation from a browser: the event-bus bridge at {@code /eventbus} lets a page
 * subscribe to logins/logouts and delivered status notifications. Only these two outbound
 * addresses are permitted; nothing a browser sends reaches any address. The page itself is at
 * {@code /monitor/}.
 */
public class MonitorBridge {

  private final Vertx vertx;
  private final String origin;

  public MonitorBridge(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.origin = config.getJsonObject("monitor", new JsonObject()).getString("origin", "");
  }

  public void mount(Router router) {
    SockJSHandlerOptions options = new SockJSHandlerOptions();
    if (!origin.isBlank()) {
      options.setOrigin(origin);
    }
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
      .addOutboundPermitted(new PermittedOptions().setAddress(RegionProtocol.AGENT_EVENTS))
      .addOutboundPermitted(new PermittedOptions().setAddress(RegionProtocol.STATUS_EVENTS));
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, options).bridge(bridge));
    router.route("/monitor/*").handler(StaticHandler.create("monitor").setCachingEnabled(false));
  }
}
