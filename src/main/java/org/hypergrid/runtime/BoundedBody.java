package org.hypergrid.runtime;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/**
 * Reads a request body up to a limit, as raw bytes: OpenSim's forms are parsed by our own codec,
 * so no generic form decoder (with limits of its own) may touch them first. Over the limit the
 * route fails with 413 before more than the limit is buffered.
 */
public final class BoundedBody implements Handler<RoutingContext> {

  private static final String KEY = "hg.raw-body";

  private final long limit;

  public BoundedBody(long limit) {
    this.limit = limit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          ctx.fail(413);
          return;
        }
      } catch (NumberFormatException e) {
        ctx.fail(400);
        return;
      }
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > limit) {
        refused[0] = true;
        ctx.fail(413);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> {
      if (!refused[0] && !ctx.failed()) {
        ctx.fail(400, e);
      }
    });
    request.endHandler(v -> {
      if (!refused[0]) {
        ctx.put(KEY, body);
        ctx.next();
      }
    });
    request.resume();
  }

  /** The body read by this handler, as bytes. */
  public static Buffer bytes(RoutingContext ctx) {
    Buffer body = ctx.get(KEY);
    return body == null ? Buffer.buffer() : body;
  }

  /** The body read by this handler, as UTF-8 text. */
  public static String text(RoutingContext ctx) {
    Buffer body = ctx.get(KEY);
    return body == null ? "" : body.toString(StandardCharsets.UTF_8);
  }
}
