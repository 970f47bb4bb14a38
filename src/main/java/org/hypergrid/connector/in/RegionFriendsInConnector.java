package org.hypergrid.connector.in;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.api.PresenceService;
import org.hypergrid.api.RegionService;
import org.hypergrid.api.Uui;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.XmlReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * A simulator's {@code POST /friends} (OpenSim's region leg), so a foreign or legacy friends
 * service can reach our regions: {@code METHOD=status} delivers a friend's status to the agent
 * wherever it is hosted on this grid and answers True, or False when it is not here. Where the
 * agent is comes from presence (in memory); the delivery is the hosting region's own
 * {@link RegionService#deliverStatus}.
 */
public class RegionFriendsInConnector {

  private static final Logger LOG = LoggerFactory.getLogger(RegionFriendsInConnector.class);
  private static final int MAX_BODY = 4096;

  private final Vertx vertx;
  private final PresenceService presence;
  private final long regionTimeoutMs;

  public RegionFriendsInConnector(Vertx vertx, PresenceService presence, long regionTimeoutMs) {
    this.vertx = vertx;
    this.presence = presence;
    this.regionTimeoutMs = regionTimeoutMs;
  }

  public void mount(Router router) {
    router.post("/friends").handler(new BoundedBody(MAX_BODY)).handler(this::handle)
      .failureHandler(ctx -> {
        int status = ctx.statusCode() == 413 ? 413 : 400;
        LOG.warn("Refused /friends from {}: {}", ctx.request().remoteAddress(),
          status == 413 ? "body larger than " + MAX_BODY + " bytes" : "unreadable request");
        reply(ctx, status, XmlReplies.failure(""));
      });
    router.route("/friends").handler(ctx -> ctx.response().setStatusCode(405).putHeader("Allow", "POST")
      .end("405 Method Not Allowed: /friends takes POST\n"));
  }

  private void handle(RoutingContext ctx) {
    Map<String, String> form = OpenSimForm.decode(BoundedBody.text(ctx));
    String method = form.get("METHOD");
    if (!"status".equals(method)) {
      LOG.warn("Failure reply to /friends from {}: METHOD {} not served", ctx.request().remoteAddress(), method);
      reply(ctx, 200, XmlReplies.failure(""));
      return;
    }
    String fromId = form.get("FromID");
    String toId = form.get("ToID");
    String online = form.getOrDefault("Online", "");
    boolean isTrue = online.trim().equalsIgnoreCase("true");
    if (!Uui.isUuid(fromId) || !Uui.isUuid(toId) || !(isTrue || online.trim().equalsIgnoreCase("false"))) {
      // OpenSim's simulator answers False to anything it cannot parse.
      LOG.warn("False reply to /friends status from {}: FromID, ToID or Online unreadable",
        ctx.request().remoteAddress());
      reply(ctx, 200, XmlReplies.bool(false));
      return;
    }
    String agent = toId.toLowerCase();
    presence.getAgents(List.of(agent))
      .compose(sessions -> sessions.isEmpty() ? Future.succeededFuture(0)
        : RegionService.createProxy(vertx, sessions.get(0).getRegionId(), regionTimeoutMs)
          .deliverStatus(fromId.toLowerCase(), List.of(agent), isTrue))
      .onSuccess(reached -> reply(ctx, 200, XmlReplies.bool(reached > 0)))
      .onFailure(e -> {
        LOG.warn("/friends status for {} failed: {}", toId, e.getMessage());
        reply(ctx, 200, XmlReplies.bool(false));
      });
  }

  private static void reply(RoutingContext ctx, int status, String xml) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/xml; charset=utf-8").end(xml);
  }
}
