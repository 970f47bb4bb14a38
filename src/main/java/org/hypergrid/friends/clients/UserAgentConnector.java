package org.hypergrid.friends.clients;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.serviceproxy.ServiceException;
import org.hypergrid.runtime.OutboundHttp;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.XmlRpc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A foreign grid's user-agent service: {@code get_server_urls} over XML-RPC at the home URI a
 * caller named (so the outbound policy vets it). The answer is capped: at most
 * {@link #MAX_URLS} service URLs, each at most {@link #MAX_URL_LENGTH} characters.
 */
public class UserAgentConnector {

  static final int MAX_URLS = 32;
  static final int MAX_URL_LENGTH = 255;

  private final OutboundHttp http;
  private final long timeoutMs;

  public UserAgentConnector(OutboundHttp http, long timeoutMs) {
    this.http = http;
    this.timeoutMs = timeoutMs;
  }

  /** The user's service URLs, keyed without the {@code SRV_} prefix; 404 when there are none. */
  public Future<Map<String, String>> getServerUrls(String homeUri, String userId) {
    String uri = homeUri.endsWith("/") ? homeUri : homeUri + "/";
    String call = XmlRpc.call("get_server_urls", Map.of("userID", userId));
    return http.postChecked(uri, "text/xml", Buffer.buffer(call), timeoutMs)
      .compose(response -> {
        if (response.status() != 200) {
          return Future.failedFuture(new ServiceException(ServiceErrors.UNAVAILABLE,
            uri + " answered get_server_urls with HTTP " + response.status()));
        }
        Map<String, String> struct;
        try {
          struct = XmlRpc.parseResponse(response.text());
        } catch (IllegalArgumentException e) {
          return Future.failedFuture(new ServiceException(ServiceErrors.UNAVAILABLE,
            uri + " answered get_server_urls with junk: " + e.getMessage()));
        }
        Map<String, String> urls = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : struct.entrySet()) {
          String key = entry.getKey();
          String value = entry.getValue();
          if (key.startsWith("SRV_") && key.length() <= 68 && !value.isBlank() && value.length() <= MAX_URL_LENGTH) {
            urls.put(key.substring(4), value);
          }
          if (urls.size() > MAX_URLS) {
            return Future.failedFuture(new ServiceException(ServiceErrors.UNAVAILABLE,
              uri + " answered get_server_urls with more than " + MAX_URLS + " service URLs"));
          }
        }
        return urls.isEmpty()
          ? ServiceErrors.<Map<String, String>>notFound(uri + " has no service URLs for " + userId)
          : Future.succeededFuture(urls);
      });
  }
}
