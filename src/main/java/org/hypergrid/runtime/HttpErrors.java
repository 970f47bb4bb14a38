package org.hypergrid.runtime;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;

/** JSON error replies of the private HTTP connectors, with one log line each. */
public final class HttpErrors {

  private HttpErrors() {
  }

  /** The HTTP status a failed bus call stands for: 404 nobody there, 504 timeout, else its code. */
  public static int status(Throwable failure) {
    if (failure instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return 404;
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        return 504;
      }
      if (re.failureCode() >= 400 && re.failureCode() < 600) {
        return re.failureCode();
      }
    }
    return 500;
  }

  public static void reply(RoutingContext ctx, Logger log, int status, String message) {
    String text = message == null ? "" : message;
    if (status < 500) {
      LogLimiter.warn(log, "private refused", "Refused {} {} from {}: {}", ctx.request().method().name(),
        ctx.request().path(), String.valueOf(ctx.request().remoteAddress()), text);
    } else {
      log.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), text);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("error", text).put("code", status).encode());
  }
}
