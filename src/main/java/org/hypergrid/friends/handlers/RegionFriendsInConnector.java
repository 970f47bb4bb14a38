package org.hypergrid.friends.handlers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.friends.api.FriendRights;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.runtime.BoundedBody;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.Uuids;
import org.hypergrid.wire.XmlReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A simulator's {@code POST /friends} (OpenSim's region leg), so a foreign or legacy friends
 * service can reach our regions: {@code METHOD=status} delivers a friend's status to the agent
 * wherever it is hosted on this grid and answers True, or False when it is not here — or when the
 * sender may not tell it (see {@link #allowed}), so the endpoint reveals presence to nobody but
 * friends. Where the agent is comes from presence (in memory); the delivery is the hosting
 * region's own {@link RegionService#deliverStatus}. Mount it only where another grid's friends
 * service or an external simulator must reach our regions.
 */
public class RegionFriendsInConnector {

  private static final Logger LOG = LoggerFactory.getLogger(RegionFriendsInConnector.class);
  private static final int MAX_BODY = 4096;

  private final Vertx vertx;
  private final PresenceService presence;
  private final FriendsService friends;
  private final long regionTimeoutMs;

  public RegionFriendsInConnector(Vertx vertx, PresenceService presence, FriendsService friends,
                                  long regionTimeoutMs) {
    this.vertx = vertx;
    this.presence = presence;
    this.friends = friends;
    this.regionTimeoutMs = regionTimeoutMs;
  }

  public void mount(Router router) {
    router.post("/friends").handler(new BoundedBody(MAX_BODY)).handler(this::handle)
      .failureHandler(ctx -> {
        int status = ctx.statusCode() == 413 ? 413 : 400;
        LogLimiter.warn(LOG, "friends refused", "Refused /friends from {}: {}", ctx.request().remoteAddress(),
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
      LogLimiter.warn(LOG, "friends refused", "Failure reply to /friends from {}: METHOD {} not served",
        ctx.request().remoteAddress(), method);
      reply(ctx, 200, XmlReplies.failure(""));
      return;
    }
    String fromId = form.get("FromID");
    String toId = form.get("ToID");
    String online = form.getOrDefault("Online", "");
    boolean isTrue = online.trim().equalsIgnoreCase("true");
    if (!Uuids.isUuid(fromId) || !Uuids.isUuid(toId) || !(isTrue || online.trim().equalsIgnoreCase("false"))) {
      // OpenSim's simulator answers False to anything it cannot parse.
      LogLimiter.warn(LOG, "friends refused", "False reply to /friends status from {}: FromID, ToID or Online unreadable",
        ctx.request().remoteAddress());
      reply(ctx, 200, XmlReplies.bool(false));
      return;
    }
    String agent = toId.toLowerCase();
    String from = fromId.toLowerCase();
    String caller = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
    presence.getAgents(List.of(agent))
      .compose(sessions -> allowed(from, agent, sessions, caller).compose(allowed -> allowed
        ? RegionService.createProxy(vertx, sessions.get(0).getRegionId(), regionTimeoutMs)
          .deliverStatus(from, List.of(agent), isTrue)
        : Future.succeededFuture(0)))
      // "Not here" and "not allowed" answer alike: False.
      .onSuccess(reached -> reply(ctx, 200, XmlReplies.bool(reached > 0)))
      .onFailure(e -> {
        LogLimiter.warn(LOG, "region leg failed", "/friends status for {} failed: {}", toId, e.getMessage());
        reply(ctx, 200, XmlReplies.bool(false));
      });
  }

  /**
   * Whether {@code from} may tell {@code agent} its status: for our own user, a confirmed
   * friendship in which {@code from} lets the agent see it online; for a visitor, only the
   * visitor's home grid (the caller's address is one its host resolves to) may. The friendship
   * is looked up even when the agent is not here, so both refusals cost the same.
   */
  private Future<Boolean> allowed(String from, String agent, List<PresenceInfo> sessions, String caller) {
    String visitorHome = sessions.isEmpty() ? null : sessions.get(0).getHomeUri();
    if (visitorHome != null) {
      return fromHost(visitorHome, caller);
    }
    return friends.getFriends(agent).map(rows -> !sessions.isEmpty() && rows.stream().anyMatch(row ->
      row.getTheirFlags() != FriendRights.PENDING && FriendRights.canSeeOnline(row.getTheirFlags())
        && Uui.parse(row.getFriend()).map(uui -> uui.id().equals(from)).orElse(false)));
  }

  private Future<Boolean> fromHost(String homeUri, String caller) {
    String host = URI.create(homeUri).getHost();
    if (host == null) {
      return Future.succeededFuture(false);
    }
    // Name resolution may block: never on an event loop.
    return vertx.executeBlocking(() -> Arrays.stream(InetAddress.getAllByName(host))
        .anyMatch(address -> address.getHostAddress().equals(caller)), false)
      .otherwise(false);
  }

  private static void reply(RoutingContext ctx, int status, String xml) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/xml; charset=utf-8").end(xml);
  }
}
