package org.hypergrid.connector.in;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.hypergrid.api.GridService;
import org.hypergrid.api.PresenceService;
import org.hypergrid.api.RegionInfo;
import org.hypergrid.api.ServiceProxies;
import org.hypergrid.api.TravelInfo;
import org.hypergrid.api.Uui;
import org.hypergrid.region.RegionProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator and simulator-facing JSON endpoints of the private port: list regions, log agents in
 * and out of a region (wherever in the cluster it runs), record users travelling to other grids.
 */
public class RegionsInConnector {

  private static final Logger LOG = LoggerFactory.getLogger(RegionsInConnector.class);
  private static final int MAX_BODY = 16 * 1024;

  private final Vertx vertx;
  private final GridService grid;
  private final PresenceService presence;

  public RegionsInConnector(Vertx vertx, GridService grid, PresenceService presence) {
    this.vertx = vertx;
    this.grid = grid;
    this.presence = presence;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.get("/regions").handler(ctx -> grid.listRegions()
      .onSuccess(regions -> json(ctx, 200, new JsonArray(regions.stream().map(RegionInfo::toJson).toList()).encode()))
      .onFailure(e -> error(ctx, e)));
    router.post("/regions/:regionId/agents").handler(body).handler(ctx -> {
      JsonObject args = jsonBody(ctx);
      if (args != null) {
        toRegion(ctx, RegionProtocol.LOGIN, args);
      }
    });
    router.delete("/regions/:regionId/agents/:agentId").handler(ctx ->
      toRegion(ctx, RegionProtocol.LOGOUT, new JsonObject().put("agentId", ctx.pathParam("agentId"))));
    router.post("/travels").handler(body).handler(ctx -> {
      JsonObject args = jsonBody(ctx);
      if (args != null) {
        presence.reportTravel(new TravelInfo(args)).onSuccess(v -> ctx.response().setStatusCode(204).end())
          .onFailure(e -> error(ctx, e));
      }
    });
    router.delete("/travels/:userId").handler(ctx -> presence.endTravel(ctx.pathParam("userId"))
      .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(e -> error(ctx, e)));
  }

  private void toRegion(RoutingContext ctx, String action, JsonObject args) {
    String regionId = ctx.pathParam("regionId");
    if (!Uui.isUuid(regionId)) {
      error(ctx, new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 400, "region id is not a UUID"));
      return;
    }
    DeliveryOptions options = new DeliveryOptions().addHeader(RegionProtocol.ACTION, action)
      .setSendTimeout(ServiceProxies.SEND_TIMEOUT_MS);
    vertx.eventBus().<JsonObject>request(RegionProtocol.regionAddress(regionId.toLowerCase()), args, options)
      .onSuccess(reply -> json(ctx, 200, reply.body().encode()))
      .onFailure(e -> error(ctx, e));
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject args = ctx.body().asJsonObject();
      if (args != null) {
        return args;
      }
    } catch (RuntimeException ignored) {
      // answered below
    }
    HttpErrors.reply(ctx, LOG, 400, "body must be a JSON object");
    return null;
  }

  private static void error(RoutingContext ctx, Throwable e) {
    int status = HttpErrors.status(e);
    HttpErrors.reply(ctx, LOG, status, status == 404 && e instanceof ReplyException re
      && re.failureType() == ReplyFailure.NO_HANDLERS ? "no such region running" : e.getMessage());
  }

  private static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
