package org.hypergrid.friends.handlers;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.serviceproxy.ServiceException;
import org.hypergrid.friends.api.HGFriendsService;
import org.hypergrid.friends.engine.GridMetrics;
import org.hypergrid.runtime.BoundedBody;
import org.hypergrid.runtime.WindowLimiter;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.XmlReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * OpenSim's {@code POST /hgfriends}: decodes the form, dispatches on METHOD, calls the HGFriends
 * interface and writes the reply exactly as a Robust server would. Bad input gets OpenSim's
 * Failure reply (HTTP 200, as OpenSim answers), with the reason in a header and one log line.
 */
public class HGFriendsInConnector {

  private static final Logger LOG = LoggerFactory.getLogger(HGFriendsInConnector.class);
  /** Where the reason of a Failure reply is told without changing OpenSim's body bytes. */
  public static final String REASON_HEADER = "X-Failure-Reason";
  /** Longest reason told in {@link #REASON_HEADER}: it may quote what the caller sent. */
  static final int MAX_REASON = 200;

  private final HGFriendsService service;
  private final int maxBodyBytes;
  private final int maxFriends;
  private final WindowLimiter failuresByAddress;
  private final GridMetrics stats;
  private final Map<String, BiFunction<RoutingContext, Map<String, String>, Future<String>>> methods =
    new LinkedHashMap<>();

  /** {@code failuresByAddress}: per remote address, how many failed verifications are too many. */
  public HGFriendsInConnector(HGFriendsService service, int maxBodyBytes, int maxFriends,
                              WindowLimiter failuresByAddress, GridMetrics stats) {
    this.stats = stats;
    this.service = service;
    this.maxBodyBytes = maxBodyBytes;
    this.maxFriends = maxFriends;
    this.failuresByAddress = failuresByAddress;
    methods.put("statusnotification", this::statusNotification);
    methods.put("getfriendperms", (ctx, form) -> getFriendPerms(form));
    methods.put("newfriendship", (ctx, form) -> newFriendship(form));
    methods.put("deletefriendship", (ctx, form) -> deleteFriendship(form));
    methods.put("friendship_offered", (ctx, form) -> friendshipOffered(form));
    methods.put("validate_friendship_offered", (ctx, form) -> validateFriendshipOffered(form));
  }

  public void mount(Router router) {
    router.post("/hgfriends")
      .handler(new BoundedBody(maxBodyBytes))
      .handler(this::handle)
      .failureHandler(this::refuse);
    router.route("/hgfriends").handler(ctx -> ctx.response().setStatusCode(405).putHeader("Allow", "POST")
      .putHeader(REASON_HEADER, "only POST is served here").end("405 Method Not Allowed: /hgfriends takes POST\n"));
  }

  private void handle(RoutingContext ctx) {
    Map<String, String> form = OpenSimForm.decode(BoundedBody.text(ctx));
    String method = form.get("METHOD");
    BiFunction<RoutingContext, Map<String, String>, Future<String>> handler =
      method == null ? null : methods.get(method);
    if (handler == null) {
      failure(ctx, method == null ? "no METHOD" : "unknown METHOD " + method);
      return;
    }
    Future<String> reply;
    try {
      reply = handler.apply(ctx, form);
    } catch (BadInput e) {
      failure(ctx, method + ": " + e.getMessage());
      return;
    }
    reply.onSuccess(xml -> write(ctx, 200, xml))
      .onFailure(e -> {
        if (ServiceErrors.is(e, ServiceErrors.TOO_MANY)) {
          stats.verificationThrottled();
          stats.problems().record("verification throttled", String.valueOf(ctx.request().remoteAddress().hostAddress()),
            "too many failed verifications from this address: its calls are refused for a while");
          LogLimiter.warn(LOG, "verification limit", "Failure reply to /hgfriends from {}: {}",
            ctx.request().remoteAddress(), e.getMessage());
          ctx.response().putHeader(REASON_HEADER, "too many failed verifications; try later");
          write(ctx, 200, XmlReplies.failure(""));
        } else if (isDescribedToCaller(e)) {
          failure(ctx, method + ": " + e.getMessage());
        } else {
          // Our own trouble (store, bus, timeouts): the caller gets no internals, the log gets all.
          LogLimiter.error(LOG, "hgfriends failed", "/hgfriends {} from {} failed", method,
            String.valueOf(ctx.request().remoteAddress()), e);
          ctx.response().putHeader(REASON_HEADER, "internal error");
          write(ctx, 200, XmlReplies.failure(""));
        }
      });
  }

  /**
   * Bad input and unknown users are the caller's to hear about; anything else (other refusals
   * included: they may name our hosts or policy) is answered without a reason.
   */
  private static boolean isDescribedToCaller(Throwable failure) {
    return failure instanceof ReplyException e && e.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && (e.failureCode() == ServiceErrors.BAD_INPUT || e.failureCode() == ServiceErrors.NOT_FOUND);
  }

  /** Body over the limit (the route fails with 413) or an unreadable request. */
  private void refuse(RoutingContext ctx) {
    int status = ctx.statusCode() == 413 ? 413 : 400;
    String reason = status == 413 ? "body larger than " + maxBodyBytes + " bytes" : "unreadable request";
    LogLimiter.warn(LOG, "hgfriends refused", "Refused /hgfriends from {}: {}", ctx.request().remoteAddress(), reason);
    ctx.response().putHeader(REASON_HEADER, reason);
    write(ctx, status, XmlReplies.failure(""));
  }

  private void failure(RoutingContext ctx, String reason) {
    LogLimiter.warn(LOG, "hgfriends failure", "Failure reply to /hgfriends from {}: {}", ctx.request().remoteAddress(),
      reason);
    ctx.response().putHeader(REASON_HEADER, reasonText(reason));
    write(ctx, 200, XmlReplies.failure(""));
  }

  private static void write(RoutingContext ctx, int status, String xml) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/xml; charset=utf-8").end(xml);
    }
  }

  private Future<String> statusNotification(RoutingContext ctx, Map<String, String> form) {
    String userId = required(form, "userID");
    boolean online = bool(required(form, "online"), "online");
    List<String> named = FriendKeys.inIndexOrder(form);
    if (named.size() > maxFriends) {
      throw new BadInput(named.size() + " friends, more than the " + maxFriends + " allowed");
    }
    String address = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
    if (failuresByAddress.blocked(address)) {
      return ServiceException.fail(ServiceErrors.TOO_MANY, "too many failed verifications from " + address);
    }
    List<String> friends = named.stream().distinct().toList();
    return service.statusNotification(friends, userId, online).map(result -> {
      failuresByAddress.count(address, result.getUnverified());
      List<String> onlineFriends = result.getOnline();
      Map<String, String> reply = new LinkedHashMap<>();
      if (onlineFriends.isEmpty()) {
        reply.put("RESULT", "NULL");
      }
      for (int i = 0; i < onlineFriends.size(); i++) {
        reply.put("friend_" + i, onlineFriends.get(i));
      }
      return XmlReplies.compact(reply);
    });
  }

  private Future<String> getFriendPerms(Map<String, String> form) {
    return service.getFriendPerms(required(form, "PRINCIPALID"), required(form, "FRIENDID"),
        form.getOrDefault("KEY", ""), form.getOrDefault("SESSIONID", ""))
      .map(flags -> XmlReplies.success(Integer.toString(flags)))
      // OpenSim's FailureResult("Friend not found"), message and all.
      .recover(e -> ServiceErrors.isNotFound(e)
        ? Future.succeededFuture(XmlReplies.failure("Friend not found")) : Future.failedFuture(e));
  }

  private Future<String> newFriendship(Map<String, String> form) {
    return service.newFriendship(required(form, "PrincipalID"), required(form, "Friend"),
        form.getOrDefault("KEY", ""), form.getOrDefault("SESSIONID", ""))
      .map(ok -> ok ? XmlReplies.success() : XmlReplies.failure(""));
  }

  private Future<String> deleteFriendship(Map<String, String> form) {
    return service.deleteFriendship(required(form, "PrincipalID"), required(form, "Friend"),
        form.getOrDefault("SECRET", ""))
      .map(XmlReplies::bool);
  }

  private Future<String> friendshipOffered(Map<String, String> form) {
    return service.friendshipOffered(required(form, "FromID"), required(form, "ToID"), required(form, "Message"),
        form.getOrDefault("FromName", ""))
      .map(XmlReplies::bool);
  }

  private Future<String> validateFriendshipOffered(Map<String, String> form) {
    return service.validateFriendshipOffered(required(form, "PrincipalID"), required(form, "Friend"))
      .map(XmlReplies::bool);
  }

  private static String required(Map<String, String> form, String key) {
    String value = form.get(key);
    if (value == null) {
      throw new BadInput("missing " + key);
    }
    return value;
  }

  /** Boolean.TryParse accepts true/false in any case; anything else is bad input here. */
  static boolean bool(String value, String key) {
    String trimmed = value.trim();
    if (trimmed.equalsIgnoreCase("true")) {
      return true;
    }
    if (trimmed.equalsIgnoreCase("false")) {
      return false;
    }
    throw new BadInput(key + " is '" + value + "', not True or False");
  }

  /** A failure's reason as a header value: one line, at most {@link #MAX_REASON} characters. */
  static String reasonText(String reason) {
    String oneLine = reason.replaceAll("[\\r\\n\\t]", " ");
    return oneLine.length() > MAX_REASON ? oneLine.substring(0, MAX_REASON) + "..." : oneLine;
  }
}
