package org.hypergrid.friends;

import org.hypergrid.wire.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.HGFriendsService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.monitor.MonitorBridge;
import org.hypergrid.friends.handlers.HGFriendsInConnector;
import org.hypergrid.friends.handlers.RegionFriendsInConnector;
import org.hypergrid.friends.handlers.RegionsInConnector;
import org.hypergrid.friends.handlers.UserAgentInConnector;
import org.hypergrid.friends.clients.HGFriendsHttpConnector;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.Mount;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.friends.impl.HGFriendsServiceImpl;

import java.util.List;

/**
 * Hypergrid friends: OpenSim's {@code /hgfriends} for foreign grids, the user agent's
 * {@code /homeagent}, the simulators' {@code /friends}, the regions this node hosts (with the
 * notifier that tells friends here and on other grids) and the operator page. Over HTTP it speaks
 * OpenSim's own protocol, so the far end may be any grid.
 */
public final class HGFriendsModule extends NamedServiceModule {

  public HGFriendsModule() {
    super("hgfriends", HGFriendsService.class, HGFriendsService.ADDRESS);
  }

  @Override
  public List<String> uses() {
    return List.of("friends", "presence", "grid", "usermanagement");
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    FriendsNode friends = FriendsNode.of(node);
    PresenceService presence = node.service("presence", PresenceService.class);
    int maxFriends = node.config().getJsonObject("limits").getInteger("maxFriends");
    return friends.ready().map(v -> new HGFriendsServiceImpl(node.vertx(), node.service("friends", FriendsService.class),
      presence, node.service("usermanagement", UserManagementService.class), friends.remoteGrids(),
      friends.fanoutWith(presence), maxFriends, friends.failuresByForeignUser(), friends.friendships()));
  }

  @Override
  public Future<?> createHttp(ModuleContext node, String url) {
    long timeout = node.config().getJsonObject("timeouts").getLong("foreignGridMs");
    return Future.succeededFuture(new HGFriendsHttpConnector(node.outbound(), url, timeout, null, false));
  }

  @Override
  public List<Mount> mounts() {
    return List.of(
      Mount.publicMount("hgfriends", (router, server) -> {
        JsonObject limits = server.node().config().getJsonObject("limits");
        FriendsNode friends = FriendsNode.of(server.node());
        new HGFriendsInConnector(server.node().service("hgfriends", HGFriendsService.class),
          limits.getInteger("maxBodyBytes"), limits.getInteger("maxFriends"), friends.failuresByAddress(),
          friends.stats()).mount(router);
      }),
      Mount.publicMount("useragent", (router, server) -> new UserAgentInConnector(
        server.node().service("usermanagement", UserManagementService.class),
        server.node().service("hgfriends", HGFriendsService.class),
        server.node().config().getJsonObject("limits").getInteger("maxBodyBytes")).mount(router)),
      Mount.publicMount("friends-sim", (router, server) -> new RegionFriendsInConnector(server.vertx(),
        server.node().service("presence", PresenceService.class), server.node().service("friends", FriendsService.class),
        server.node().config().getJsonObject("timeouts").getLong("regionMs")).mount(router)),
      Mount.privateMount("regions", (router, server) -> {
        router.route("/regions*").handler(server.accessToken());
        router.route("/travels*").handler(server.accessToken());
        new RegionsInConnector(server.vertx(), server.node().service("grid", GridService.class),
          server.node().service("presence", PresenceService.class)).mount(router);
      }),
      Mount.privateMount("monitor", (router, server) -> new MonitorBridge(server.vertx(),
        MonitorBridge.allowedOrigin(server.node().config(), server.host(), server.port()),
        FriendsNode.of(server.node()).regionHost()).mount(router)));
  }

  @Override
  public void validate(JsonObject config, List<String> problems) {
    positive(config, "regionHost", "shardSize", problems);
    positive(config, "regionHost", "deployConcurrency", problems);
    positive(config, "regionHost", "claimRetryMs", problems);
    positive(config, "presence", "travelHours", problems);
    positive(config, "monitor", "reportMs", problems);
    for (Object item : config.getJsonArray("regions", new JsonArray())) {
      JsonObject region = item instanceof JsonObject r ? r : new JsonObject();
      if (!Uuids.isUuid(region.getString("id")) || region.getString("name", "").isBlank()) {
        problems.add("every region needs a UUID id and a name: " + item);
      }
    }
  }

  private static void positive(JsonObject config, String section, String key, List<String> problems) {
    Object value = config.getJsonObject(section, new JsonObject()).getValue(key);
    if (!(value instanceof Number number) || number.longValue() <= 0) {
      problems.add(section + "." + key + " must be a positive number");
    }
  }

  @Override
  public Future<Void> start(ModuleContext node) {
    return FriendsNode.of(node).ready().compose(v -> FriendsNode.of(node).startRegions());
  }

  /** The regions deploy once the servers listen (simulators and other nodes may call at once), then demo data. */
  @Override
  public Future<Void> started(ModuleContext node) {
    return FriendsNode.of(node).regionHost().deploy(node.config().getJsonArray("regions"))
      .compose(v -> node.config().getJsonObject("demo").getBoolean("seed", false)
        ? new DemoSeed(node).run() : Future.succeededFuture());
  }
}
