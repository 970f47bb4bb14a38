package org.hypergrid.connector.out;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.serviceproxy.ServiceException;
import org.hypergrid.api.ServiceErrors;
import org.hypergrid.wire.XmlRpc;

import java.util.LinkedHashMap;
import java.util.Map;

/** A foreign grid's user-agent service: {@code get_server_urls} over XML-RPC at the home URI. */
public class UserAgentConnector {

  private final WebClient web;
  private final long timeoutMs;

  public UserAgentConnector(WebClient web, long timeoutMs) {
    this.web = web;
    this.timeoutMs = timeoutMs;
  }

  /** The user's service URLs, keyed without the {@code SRV_} prefix; 404 when there are none. */
  public Future<Map<String, String>> getServerUrls(String homeUri, String userId) {
    String uri = homeUri.endsWith("/") ? homeUri : homeUri + "/";
    String call = XmlRpc.call("get_server_urls", Map.of("userID", userId));
    return web.postAbs(uri)
      .timeout(timeoutMs)
      .putHeader("Content-Type", "text/xml")
      .sendBuffer(Buffer.buffer(call))
      .compose(response -> {
        if (response.statusCode() != 200) {
          return Future.failedFuture(new ServiceException(ServiceErrors.UNAVAILABLE,
            uri + " answered get_server_urls with HTTP " + response.statusCode()));
        }
        Map<String, String> struct;
        try {
          struct = XmlRpc.parseResponse(response.bodyAsString());
        } catch (IllegalArgumentException e) {
          return Future.failedFuture(new ServiceException(ServiceErrors.UNAVAILABLE,
            uri + " answered get_server_urls with junk: " + e.getMessage()));
        }
        Map<String, String> urls = new LinkedHashMap<>();
        struct.forEach((key, value) -> {
          if (key.startsWith("SRV_") && !value.isBlank()) {
            urls.put(key.substring(4), value);
          }
        });
        return urls.isEmpty()
          ? ServiceErrors.<Map<String, String>>notFound(uri + " has no service URLs for " + userId)
          : Future.succeededFuture(urls);
      });
  }
}
