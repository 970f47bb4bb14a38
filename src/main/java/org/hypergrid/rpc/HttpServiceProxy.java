package org.hypergrid.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.hypergrid.runtime.ServiceProxies;

import java.util.UUID;

/**
 * Reaches a service interface on another node over HTTP (the private port's
 * {@code /services/<name>/<method>}). The generated event-bus proxy does the marshalling: it
 * sends to a node-local address where this forwarder relays each call over HTTP, so no
 * interface needs a hand-written HTTP client.
 */
final class HttpServiceProxy {

  private HttpServiceProxy() {
  }

  /**
   * An implementation of {@code type} whose calls go to {@code baseUrl}, carrying the grid's
   * access token ({@code token}, blank for none).
   */
  static <T> Future<T> create(Vertx vertx, WebClient web, Class<T> type, String name, String baseUrl,
                                     long timeoutMs, String token) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String localAddress = "hg.http-out." + name + "." + UUID.randomUUID();
    MessageConsumer<JsonObject> relay = vertx.eventBus().localConsumer(localAddress,
      message -> forward(web, base + "/services/" + name + "/", timeoutMs, token, message));
    return relay.completion().map(v -> ServiceProxies.create(vertx, localAddress, type, timeoutMs));
  }

  private static void forward(WebClient web, String endpoint, long timeoutMs, String token,
                              Message<JsonObject> message) {
    String method = message.headers().get("action");
    var request = web.postAbs(endpoint + method).timeout(timeoutMs);
    if (token != null && !token.isBlank()) {
      request.putHeader(PrivateProtocol.ACCESS_TOKEN_HEADER, token);
    }
    request
      .sendJsonObject(message.body())
      .onSuccess(response -> {
        JsonObject body;
        try {
          body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
          message.fail(502, endpoint + method + " answered something that is not JSON");
          return;
        }
        if (response.statusCode() == 200 && body != null) {
          message.reply(body.getValue("result"));
        } else {
          message.fail(response.statusCode(), body == null ? "HTTP " + response.statusCode()
            : body.getString("error", "HTTP " + response.statusCode()));
        }
      })
      .onFailure(e -> message.fail(503, endpoint + method + ": " + e.getMessage()));
  }
}
