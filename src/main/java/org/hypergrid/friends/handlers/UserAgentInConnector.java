package org.hypergrid.friends.handlers;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.friends.api.HGFriendsService;
import org.hypergrid.friends.api.StatusReply;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.runtime.BoundedBody;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;
import org.hypergrid.wire.XmlRpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The XML-RPC methods of OpenSim's user-agent service that foreign grids call at our home URI:
 * {@code get_server_urls} (how to reach our users' services) and the obsolete
 * {@code status_notification}, which runs the same HGFriends code as {@code /hgfriends}.
 */
public class UserAgentInConnector {

  private static final Logger LOG = LoggerFactory.getLogger(UserAgentInConnector.class);

  private final UserManagementService users;
  private final HGFriendsService hgfriends;
  private final int maxBodyBytes;

  public UserAgentInConnector(UserManagementService users, HGFriendsService hgfriends, int maxBodyBytes) {
    this.users = users;
    this.hgfriends = hgfriends;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    router.post("/").handler(new BoundedBody(maxBodyBytes)).handler(this::handle)
      .failureHandler(ctx -> {
        int status = ctx.statusCode() == 413 ? 413 : 400;
        String reason = status == 413 ? "body larger than " + maxBodyBytes + " bytes" : "unreadable request";
        LogLimiter.warn(LOG, "xmlrpc refused", "XML-RPC refused from {}: {}", ctx.request().remoteAddress(), reason);
        reply(ctx, status, XmlRpc.fault(status, reason));
      });
  }

  private void handle(RoutingContext ctx) {
    XmlRpc.Call call;
    try {
      call = XmlRpc.parseCall(BoundedBody.text(ctx));
    } catch (IllegalArgumentException e) {
      LogLimiter.warn(LOG, "xmlrpc refused", "XML-RPC fault to {}: {}", ctx.request().remoteAddress(), e.getMessage());
      reply(ctx, 200, XmlRpc.fault(400, "not an XML-RPC methodCall"));
      return;
    }
    Future<Map<String, String>> answer = switch (call.method()) {
      case "get_server_urls" -> serverUrls(call.params());
      case "status_notification" -> statusNotification(call.params());
      default -> null;
    };
    if (answer == null) {
      LogLimiter.warn(LOG, "xmlrpc refused", "XML-RPC fault to {}: unknown method {}", ctx.request().remoteAddress(),
        call.method());
      reply(ctx, 200, XmlRpc.fault(404, "unknown method " + call.method()));
      return;
    }
    answer.onSuccess(struct -> reply(ctx, 200, XmlRpc.response(struct)))
      .onFailure(e -> {
        LogLimiter.warn(LOG, "xml-rpc failed", "XML-RPC {} failed: {}", call.method(), e.getMessage());
        reply(ctx, 200, XmlRpc.fault(500, "the service failed"));
      });
  }

  private Future<Map<String, String>> serverUrls(Map<String, String> params) {
    String userId = params.getOrDefault("userID", "");
    if (!Uuids.isUuid(userId)) {
      return Future.succeededFuture(Map.of("result", "No Service URLs"));
    }
    return users.getAccount(userId)
      .compose(account -> users.getServerUrls(userId, null))
      .map(urls -> {
        Map<String, String> struct = new LinkedHashMap<>();
        for (String key : urls.fieldNames()) {
          struct.put("SRV_" + key, urls.getString(key));
        }
        return struct;
      })
      .recover(e -> ServiceErrors.isNotFound(e)
        ? Future.succeededFuture(Map.of("result", "No Service URLs")) : Future.failedFuture(e));
  }

  /** OpenSim's quirks kept: result stays "false" even when friends are reported. */
  private Future<Map<String, String>> statusNotification(Map<String, String> params) {
    String userId = params.get("userID");
    String online = params.get("online");
    if (userId == null || online == null) {
      return Future.succeededFuture(Map.of("result", "false"));
    }
    boolean isOnline;
    try {
      isOnline = HGFriendsInConnector.bool(online, "online");
    } catch (RuntimeException e) {
      return Future.succeededFuture(Map.of("result", "false"));
    }
    List<String> friends = FriendKeys.inIndexOrder(params).stream().distinct().toList();
    return hgfriends.statusNotification(friends, userId, isOnline)
      .map(StatusReply::getOnline)
      .map(onlineFriends -> {
        if (onlineFriends.isEmpty()) {
          return Map.of("result", "No Friends Online");
        }
        Map<String, String> struct = new LinkedHashMap<>();
        struct.put("result", "false");
        for (int i = 0; i < onlineFriends.size(); i++) {
          struct.put("friend_" + i, onlineFriends.get(i));
        }
        return struct;
      })
      .recover(e -> Future.succeededFuture(Map.of("result", "false")));
  }

  private static void reply(RoutingContext ctx, int status, String xml) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/xml; charset=utf-8").end(xml);
  }
}
