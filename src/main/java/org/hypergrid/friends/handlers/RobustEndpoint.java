package org.hypergrid.friends.handlers;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.runtime.BoundedBody;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.Uuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Function;

/**
 * One of ROBUST's grid-service handlers on our private port: {@code POST <path>}, a form in,
 * XML out, dispatched on {@code METHOD}. As ROBUST, every answer is HTTP 200 and
 * {@code application/xml}; a request it cannot serve (unknown METHOD, missing or malformed
 * keys, a body over the limit, a failing service) gets the service's own Failure reply, with the
 * reason in {@link HGFriendsInConnector#REASON_HEADER} and one limited log line, and changes nothing.
 */
final class RobustEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(RobustEndpoint.class);

  /** A METHOD's handler: the form in, the reply's XML out (a thrown {@link BadInput} is a Failure). */
  @FunctionalInterface
  interface Method extends Function<OpenSimForm.Form, Future<String>> {
  }

  private final String path;
  private final int maxBodyBytes;
  private final String failure;
  private final Map<String, Method> methods;

  /** {@code failure}: the service's Failure reply, byte for byte. */
  RobustEndpoint(String path, int maxBodyBytes, String failure, Map<String, Method> methods) {
    this.path = path;
    this.maxBodyBytes = maxBodyBytes;
    this.failure = failure;
    this.methods = methods;
  }

  void mount(Router router) {
    router.post(path).handler(new BoundedBody(maxBodyBytes)).handler(this::handle).failureHandler(ctx ->
      fail(ctx, ctx.statusCode() == 413 ? "body larger than " + maxBodyBytes + " bytes" : "unreadable request"));
  }

  private void handle(RoutingContext ctx) {
    OpenSimForm.Form form = OpenSimForm.decodeWithLists(BoundedBody.text(ctx));
    String name = form.text("METHOD");
    Method method = name == null ? null : methods.get(name);
    if (method == null) {
      fail(ctx, name == null ? "no METHOD" : "unknown METHOD " + name);
      return;
    }
    Future<String> reply;
    try {
      reply = method.apply(form);
    } catch (BadInput e) {
      fail(ctx, name + ": " + e.getMessage());
      return;
    }
    reply.onSuccess(xml -> write(ctx, xml)).onFailure(e -> {
      if (ServiceErrors.isCallersFault(e)) {
        fail(ctx, name + ": " + e.getMessage());
      } else {
        LogLimiter.error(LOG, "robust failed", "{} {} failed", path, name, e);
        ctx.response().putHeader(HGFriendsInConnector.REASON_HEADER, "internal error");
        write(ctx, failure);
      }
    });
  }

  private void fail(RoutingContext ctx, String reason) {
    LogLimiter.warn(LOG, "robust failure " + path, "Failure reply to {} from {}: {}", path,
      String.valueOf(ctx.request().remoteAddress()), reason);
    ctx.response().putHeader(HGFriendsInConnector.REASON_HEADER, HGFriendsInConnector.reasonText(reason));
    write(ctx, failure);
  }

  private static void write(RoutingContext ctx, String xml) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/xml").end(xml);
    }
  }

  /** The form's text under {@code key}; a {@link BadInput} when it is missing. */
  static String required(OpenSimForm.Form form, String key) {
    String value = form.text(key);
    if (value == null) {
      throw new BadInput("missing " + key);
    }
    return value;
  }

  /** The form's text under {@code key}, which must be a UUID; a {@link BadInput} otherwise. */
  static String requiredUuid(OpenSimForm.Form form, String key) {
    String value = required(form, key);
    if (!Uuids.isUuid(value)) {
      throw new BadInput(key + " is not a UUID");
    }
    return value;
  }

  /** The form's whole number under {@code key}; a {@link BadInput} when it is missing or not one. */
  static int requiredInt(OpenSimForm.Form form, String key) {
    String text = required(form, key);
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new BadInput(key + " is not a whole number");
    }
  }
}
