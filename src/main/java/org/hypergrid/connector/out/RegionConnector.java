package org.hypergrid.connector.out;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.XmlReplyParser;

import java.util.List;
import java.util.Map;

/**
 * OpenSim's region leg to a simulator of another grid ({@code POST <serverURI>friends}), for our
 * users travelling there. Our own regions are reached through {@code RegionService} proxies.
 */
public class RegionConnector {

  private final WebClient web;
  private final long timeoutMs;

  public RegionConnector(WebClient web, long timeoutMs) {
    this.web = web;
    this.timeoutMs = timeoutMs;
  }

  /** {@code METHOD=status&FromID&ToID&Online}; true when delivered. */
  public Future<Boolean> notifySimulator(String serverUri, String fromId, String toId, boolean online) {
    String body = OpenSimForm.encode(List.of(
      Map.entry("METHOD", "status"), Map.entry("FromID", fromId), Map.entry("ToID", toId),
      Map.entry("Online", online ? "True" : "False")));
    String base = serverUri.endsWith("/") ? serverUri : serverUri + "/";
    return web.postAbs(base + "friends")
      .timeout(timeoutMs)
      .putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer(body))
      .map(response -> {
        if (response.statusCode() != 200) {
          throw new IllegalStateException("simulator " + base + " answered HTTP " + response.statusCode());
        }
        return "true".equalsIgnoreCase(XmlReplyParser.parse(response.bodyAsString()).get("RESULT"));
      });
  }
}
