package org.hypergrid.shell;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.runtime.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards a JSON route: a request with a body (POST, PUT, PATCH) must say
 * {@code Content-Type: application/json}, which no page of another origin can send without the
 * browser asking us first (and we never answer yes). Others get 415 with the reason.
 */
final class JsonOnly implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(JsonOnly.class);

  private final Counter refused;

  JsonOnly(Counter refused) {
    this.refused = refused;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    boolean hasBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    if (!hasBody || isJson(ctx.request().getHeader("Content-Type"))) {
      ctx.next();
      return;
    }
    refused.increment();
    LogLimiter.warn(LOG, "not json", "Refused {} {} from {}: Content-Type '{}' is not application/json", method.name(),
      ctx.request().path(), String.valueOf(ctx.request().remoteAddress()),
      String.valueOf(ctx.request().getHeader("Content-Type")));
    ctx.response().setStatusCode(415).putHeader("Content-Type", "application/json")
      .end("{\"error\":\"this route takes a JSON body: send Content-Type: application/json\",\"code\":415}");
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.equalsIgnoreCase("application/json");
  }
}
