package org.hypergrid.friends.clients;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.hypergrid.runtime.OutboundHttp;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.XmlReplyParser;

import java.util.List;
import java.util.Map;

/**
 * OpenSim's region leg, {@code POST <serverURI>friends} as FriendsSimConnector sends it: to a
 * simulator of another grid, for our users travelling there (its URI came from a caller, so the
 * outbound policy vets it), and to the simulators behind our own regions (registered on the
 * private port, so trusted as configuration is).
 */
public class RegionConnector {

  private final OutboundHttp http;
  private final long timeoutMs;

  public RegionConnector(OutboundHttp http, long timeoutMs) {
    this.http = http;
    this.timeoutMs = timeoutMs;
  }

  /** {@code METHOD=status&FromID&ToID&Online} to another grid's simulator; true when delivered. */
  public Future<Boolean> notifySimulator(String serverUri, String fromId, String toId, boolean online) {
    return status(serverUri, fromId, toId, online, true);
  }

  /** The same to the simulator behind one of our regions. */
  public Future<Boolean> notifyOurSimulator(String serverUri, String fromId, String toId, boolean online) {
    return status(serverUri, fromId, toId, online, false);
  }

  private Future<Boolean> status(String serverUri, String fromId, String toId, boolean online, boolean checked) {
    String body = OpenSimForm.encode(List.of(
      Map.entry("METHOD", "status"), Map.entry("FromID", fromId), Map.entry("ToID", toId),
      Map.entry("Online", online ? "True" : "False")));
    String base = serverUri.endsWith("/") ? serverUri : serverUri + "/";
    String type = "application/x-www-form-urlencoded";
    return (checked ? http.postChecked(base + "friends", type, Buffer.buffer(body), timeoutMs)
        : http.post(base + "friends", type, Buffer.buffer(body), timeoutMs))
      .map(response -> {
        if (response.status() != 200) {
          throw new IllegalStateException("simulator " + base + " answered HTTP " + response.status());
        }
        return "true".equalsIgnoreCase(XmlReplyParser.parse(response.text()).get("RESULT"));
      });
  }
}
