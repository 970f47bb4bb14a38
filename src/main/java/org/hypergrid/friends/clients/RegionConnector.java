package org.hypergrid.friends.clients;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.hypergrid.runtime.OutboundHttp;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.XmlReplyParser;

import java.util.List;
import java.util.Map;

/**
 * OpenSim's region leg to a simulator of another grid ({@code POST <serverURI>friends}), for our
 * users travelling there. Our own regions are reached through {@code RegionService} proxies.
 */
public class RegionConnector {

  private final OutboundHttp http;
  private final long timeoutMs;

  public RegionConnector(OutboundHttp http, long timeoutMs) {
    this.http = http;
    this.timeoutMs = timeoutMs;
  }

  /** {@code METHOD=status&FromID&ToID&Online}; true when delivered. */
  public Future<Boolean> notifySimulator(String serverUri, String fromId, String toId, boolean online) {
    String body = OpenSimForm.encode(List.of(
      Map.entry("METHOD", "status"), Map.entry("FromID", fromId), Map.entry("ToID", toId),
      Map.entry("Online", online ? "True" : "False")));
    String base = serverUri.endsWith("/") ? serverUri : serverUri + "/";
    // The simulator's URI came with the travel report: the outbound policy vets it.
    return http.postChecked(base + "friends", "application/x-www-form-urlencoded", Buffer.buffer(body), timeoutMs)
      .map(response -> {
        if (response.status() != 200) {
          throw new IllegalStateException("simulator " + base + " answered HTTP " + response.status());
        }
        return "true".equalsIgnoreCase(XmlReplyParser.parse(response.text()).get("RESULT"));
      });
  }
}
