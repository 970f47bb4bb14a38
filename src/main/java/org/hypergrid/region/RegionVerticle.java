package org.hypergrid.region;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.api.GridService;
import org.hypergrid.api.PresenceService;
import org.hypergrid.api.RegionInfo;
import org.hypergrid.api.ServiceErrors;
import org.hypergrid.api.Uui;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One region: a light verticle whose only state is the agents it hosts. It listens at its own
 * address for logins, logouts, friends' status changes and events for its agents; it records
 * presence and starts the status notifier, without waiting for the notifier to finish.
 */
public class RegionVerticle extends VerticleBase {

  private final RegionInfo region;
  private final PresenceService presence;
  private final GridService grid;
  private final StatusNotifier notifier;
  /** agent id → session id of the agents hosted here. */
  private final Map<String, String> agents = new HashMap<>();

  public RegionVerticle(RegionInfo region, PresenceService presence, GridService grid, StatusNotifier notifier) {
    this.region = region.setBusAddress(RegionProtocol.regionAddress(region.getRegionId()));
    this.presence = presence;
    this.grid = grid;
    this.notifier = notifier;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(region.getBusAddress(), this::onMessage);
    // A region that starts hosts nobody: sessions left from an earlier run are gone. The
    // services may live on a node that is still starting: wait for them, within a minute.
    return UntilReachable.call(vertx, "region " + region.getName(), 60_000,
        () -> presence.logoutRegion(region.getRegionId()))
      .compose(v -> grid.registerRegion(region))
      .compose(v -> consumer.completion());
  }

  private void onMessage(Message<JsonObject> message) {
    String action = message.headers().get(RegionProtocol.ACTION);
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    switch (action == null ? "" : action) {
      case RegionProtocol.LOGIN -> login(message, body);
      case RegionProtocol.LOGOUT -> logout(message, body);
      case RegionProtocol.STATUS -> status(message, body);
      case RegionProtocol.DELIVER -> message.reply(deliver(body.getString("agentId"), body.getJsonObject("event")));
      default -> message.fail(ServiceErrors.BAD_INPUT, "unknown region action " + action);
    }
  }

  private void login(Message<JsonObject> message, JsonObject body) {
    String agentId = body.getString("agentId");
    String sessionId = body.getString("sessionId", UUID.randomUUID().toString());
    if (!Uui.isUuid(agentId) || !Uui.isUuid(sessionId)) {
      message.fail(ServiceErrors.BAD_INPUT, "login needs a UUID agentId (and sessionId when given)");
      return;
    }
    String agent = agentId.toLowerCase();
    // Logging in here means the agent is no longer travelling elsewhere.
    presence.reportAgent(agent, sessionId, region.getRegionId())
      .compose(v -> presence.endTravel(agent))
      .onFailure(e -> message.fail(ServiceErrors.UNAVAILABLE, "presence not recorded: " + e.getMessage()))
      .onSuccess(v -> {
        agents.put(agent, sessionId.toLowerCase());
        message.reply(new JsonObject().put("regionId", region.getRegionId()).put("agentId", agent)
          .put("sessionId", sessionId.toLowerCase()).put("agentAddress", RegionProtocol.agentAddress(agent)));
        announce("login", agent);
        notifier.agentChanged(agent, true, event -> deliver(agent, event));
      });
  }

  private void logout(Message<JsonObject> message, JsonObject body) {
    String agent = String.valueOf(body.getString("agentId")).toLowerCase();
    String sessionId = agents.remove(agent);
    if (sessionId == null) {
      message.fail(ServiceErrors.NOT_FOUND, "agent " + agent + " is not in " + region.getName());
      return;
    }
    presence.logoutAgent(sessionId)
      .onComplete(done -> {
        message.reply(new JsonObject().put("regionId", region.getRegionId()).put("agentId", agent));
        announce("logout", agent);
        notifier.agentChanged(agent, false, event -> deliver(agent, event));
      });
  }

  /** A friend's status for agents here: every hosted one hears it; replies how many. */
  private void status(Message<JsonObject> message, JsonObject body) {
    String fromId = body.getString("fromId");
    boolean online = body.getBoolean("online", false);
    int reached = 0;
    for (Object toId : body.getJsonArray("toIds", new JsonArray())) {
      if (deliver(String.valueOf(toId), RegionProtocol.friendStatus(fromId, online))) {
        reached++;
      }
    }
    vertx.eventBus().publish(RegionProtocol.STATUS_EVENTS, new JsonObject().put("regionId", region.getRegionId())
      .put("region", region.getName()).put("fromId", fromId).put("online", online).put("reached", reached)
      .put("at", Instant.now().toString()));
    message.reply(reached);
  }

  private boolean deliver(String agentId, JsonObject event) {
    if (agentId == null || event == null || !agents.containsKey(agentId.toLowerCase())) {
      return false;
    }
    vertx.eventBus().publish(RegionProtocol.agentAddress(agentId.toLowerCase()), event);
    return true;
  }

  private void announce(String type, String agentId) {
    vertx.eventBus().publish(RegionProtocol.AGENT_EVENTS, new JsonObject().put("type", type).put("agentId", agentId)
      .put("regionId", region.getRegionId()).put("region", region.getName()).put("agents", agents.size())
      .put("at", Instant.now().toString()));
  }
}
