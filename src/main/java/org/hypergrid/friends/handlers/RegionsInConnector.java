package org.hypergrid.friends.handlers;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.TravelInfo;
import org.hypergrid.runtime.HttpErrors;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator and simulator-facing JSON endpoints of the private port: list regions, log agents in
 * and out of a region and list its agents (wherever in the cluster it runs, through its
 * {@link RegionService}), record users travelling to other grids.
 */
public class RegionsInConnector {

  private static final Logger LOG = LoggerFactory.getLogger(RegionsInConnector.class);
  private static final int MAX_BODY = 16 * 1024;

  private final Vertx vertx;
  private final GridService grid;
  private final PresenceService presence;
  private final long callTimeoutMs;

  /** {@code callTimeoutMs}: how long a call to a region (on any node) may take, a login included. */
  public RegionsInConnector(Vertx vertx, GridService grid, PresenceService presence, long callTimeoutMs) {
    this.vertx = vertx;
    this.callTimeoutMs = callTimeoutMs;
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
      RegionService region = args == null ? null : region(ctx);
      if (region != null) {
        Object agentId = args.getValue("agentId");
        Object sessionId = args.getValue("sessionId");
        Object homeUri = args.getValue("homeUri");
        if (!(agentId instanceof String) || (sessionId != null && !(sessionId instanceof String))
          || (homeUri != null && !(homeUri instanceof String))) {
          HttpErrors.reply(ctx, LOG, 400, "agentId (and sessionId, homeUri when given) must be strings");
          return;
        }
        region.login((String) agentId, (String) sessionId, (String) homeUri)
          .onSuccess(reply -> json(ctx, 200, reply.encode()))
          .onFailure(e -> error(ctx, e));
      }
    });
    router.get("/regions/:regionId/agents").handler(ctx -> {
      RegionService region = region(ctx);
      if (region != null) {
        region.agents().onSuccess(agents -> json(ctx, 200, new JsonArray(agents).encode()))
          .onFailure(e -> error(ctx, e));
      }
    });
    router.delete("/regions/:regionId/agents/:agentId").handler(ctx -> {
      RegionService region = region(ctx);
      if (region != null) {
        String agentId = ctx.pathParam("agentId");
        region.logout(agentId).onSuccess(v -> json(ctx, 200, new JsonObject()
            .put("regionId", ctx.pathParam("regionId").toLowerCase()).put("agentId", agentId.toLowerCase()).encode()))
          .onFailure(e -> error(ctx, e));
      }
    });
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

  /** The region named in the path, or null after answering 400. */
  private RegionService region(RoutingContext ctx) {
    String regionId = ctx.pathParam("regionId");
    if (!Uuids.isUuid(regionId)) {
      HttpErrors.reply(ctx, LOG, 400, "region id is not a UUID");
      return null;
    }
    return RegionService.createProxy(vertx, regionId, callTimeoutMs);
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
    HttpErrors.reply(ctx, LOG, status, status == 404 && ServiceErrors.isNobodyThere(e) ? "no such region running"
      : e.getMessage());
  }

  private static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
