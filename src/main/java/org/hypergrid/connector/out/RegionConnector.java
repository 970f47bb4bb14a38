package org.hypergrid.connector.out;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.hypergrid.api.RegionInfo;
import org.hypergrid.region.RegionProtocol;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.XmlReplyParser;

import java.util.List;
import java.util.Map;

/**
 * Reaches a region however the grid registry says it is reached: our region verticles over the
 * event bus, an external simulator over OpenSim's {@code POST <serverURI>friends}. Every call
 * has its own timeout, so one silent region costs only itself.
 */
public class RegionConnector {

  private final Vertx vertx;
  private final WebClient web;
  private final long timeoutMs;

  public RegionConnector(Vertx vertx, WebClient web, long timeoutMs) {
    this.vertx = vertx;
    this.web = web;
    this.timeoutMs = timeoutMs;
  }

  /** Tells a region that {@code fromId} went on- or offline; the number of agents it reached. */
  public Future<Integer> notifyStatus(RegionInfo region, String fromId, List<String> toIds, boolean online) {
    if (region.getBusAddress() != null && !region.getBusAddress().isBlank()) {
      JsonObject body = new JsonObject().put("fromId", fromId).put("toIds", new JsonArray(List.copyOf(toIds)))
        .put("online", online);
      return vertx.eventBus().<Integer>request(region.getBusAddress(), body, options(RegionProtocol.STATUS))
        .map(reply -> reply.body());
    }
    List<Future<Boolean>> calls = toIds.stream()
      .map(toId -> notifySimulator(region.getServerUri(), fromId, toId, online)).toList();
    return Future.join(calls).transform(done -> {
      int reached = (int) calls.stream().filter(call -> call.succeeded() && call.result()).count();
      Future<Boolean> failure = calls.stream().filter(Future::failed).findFirst().orElse(null);
      // The simulator counts as failed only when nothing got through.
      return reached == 0 && failure != null
        ? Future.failedFuture(failure.cause()) : Future.succeededFuture(reached);
    });
  }

  /** OpenSim's region leg: {@code METHOD=status&FromID&ToID&Online}; true when delivered. */
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

  /** Hands an event to an agent through the region hosting it; true when the agent is there. */
  public Future<Boolean> deliver(RegionInfo region, String agentId, JsonObject event) {
    if (region.getBusAddress() == null || region.getBusAddress().isBlank()) {
      return Future.succeededFuture(false);
    }
    return vertx.eventBus().<Boolean>request(region.getBusAddress(),
        new JsonObject().put("agentId", agentId).put("event", event), options(RegionProtocol.DELIVER))
      .map(reply -> reply.body());
  }

  private DeliveryOptions options(String action) {
    return new DeliveryOptions().addHeader(RegionProtocol.ACTION, action).setSendTimeout(timeoutMs);
  }
}
