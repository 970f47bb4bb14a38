package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.HGFriendsService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.clients.HGFriendsHttpConnector;
import org.hypergrid.friends.handlers.HGFriendsInConnector;
import org.hypergrid.friends.handlers.RegionFriendsInConnector;
import org.hypergrid.friends.handlers.RegionsInConnector;
import org.hypergrid.friends.handlers.UserAgentInConnector;
import org.hypergrid.friends.impl.HGFriendsServiceImpl;
import org.hypergrid.friends.impl.OfferIntake;
import org.hypergrid.friends.monitor.MonitorBridge;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.Mount;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.spi.NodeSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Hypergrid friends: OpenSim's {@code /hgfriends} for foreign grids, the user agent's
 * {@code /homeagent}, the simulators' {@code /friends}, the regions this node hosts (with the
 * notifier that tells friends here and on other grids) and the operator page. Over HTTP it speaks
 * OpenSim's own protocol, so the far end may be any grid.
 */
public final class HGFriendsModule extends NamedServiceModule {

  private static final Logger LOG = LoggerFactory.getLogger(HGFriendsModule.class);

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
    FriendsService friendships = node.service("friends", FriendsService.class);
    FriendsSettings.Offers limits = friends.settings().offers();
    OfferIntake offers = new OfferIntake(friendships, friends.offerValidator(), friends.fanout(), friends.metrics(),
      limits.maxPendingPerUser(), limits.perGridPerMinute(), limits.validationConcurrency(), limits.validationQueue());
    return friends.ready().map(v -> new HGFriendsServiceImpl(node.vertx(), friendships,
      node.service("presence", PresenceService.class), node.service("usermanagement", UserManagementService.class),
      offers, friends.fanout(), friends.metrics(), node.settings().limits().maxFriends(),
      friends.failuresByForeignUser(), friends.friendships()));
  }

  @Override
  public Future<?> createHttp(ModuleContext node, String url) {
    return Future.succeededFuture(new HGFriendsHttpConnector(node.outbound(), url,
      node.settings().timeouts().foreignGridMs(), null, false));
  }

  @Override
  public List<Mount> mounts() {
    return List.of(
      Mount.publicMount("hgfriends", (router, server) -> {
        FriendsNode friends = FriendsNode.of(server.node());
        NodeSettings.Limits limits = server.node().settings().limits();
        new HGFriendsInConnector(server.node().service("hgfriends", HGFriendsService.class), limits.maxBodyBytes(),
          limits.maxFriends(), friends.failuresByAddress(), friends.metrics()).mount(router);
      }),
      Mount.publicMount("useragent", (router, server) -> new UserAgentInConnector(
        server.node().service("usermanagement", UserManagementService.class),
        server.node().service("hgfriends", HGFriendsService.class),
        server.node().settings().limits().maxBodyBytes()).mount(router)),
      Mount.publicMount("friends-sim", (router, server) -> new RegionFriendsInConnector(server.vertx(),
        server.node().service("presence", PresenceService.class), server.node().service("friends", FriendsService.class),
        server.node().settings().timeouts().regionMs()).mount(router)),
      Mount.privateMount("regions", (router, server) -> {
        router.route("/regions*").handler(server.accessToken()).handler(server.jsonOnly());
        router.route("/travels*").handler(server.accessToken()).handler(server.jsonOnly());
        new RegionsInConnector(server.vertx(), server.node().service("grid", GridService.class),
          server.node().service("presence", PresenceService.class), server.node().settings().timeouts().serviceMs())
          .mount(router);
      }),
      Mount.privateMount("monitor", (router, server) -> new MonitorBridge(server.vertx(),
        MonitorBridge.allowedOrigin(FriendsNode.of(server.node()).settings().allowedOrigin(), server.host(),
          server.port()),
        FriendsNode.of(server.node()).gridState()).mount(router)));
  }

  @Override
  public void validate(JsonObject config, List<String> problems) {
    FriendsNode.validate(config, problems);
  }

  @Override
  public Future<Void> start(ModuleContext node) {
    return FriendsNode.of(node).ready().compose(v -> FriendsNode.of(node).startRegions());
  }

  /** The regions deploy once the servers listen (simulators and other nodes may call at once), then demo data. */
  @Override
  public Future<Void> started(ModuleContext node) {
    FriendsNode friends = FriendsNode.of(node);
    return friends.shards().deploy(friends.settings().regions())
      .onSuccess(v -> LOG.info("Regions: {} served here ({} configured; a configured region another node serves"
          + " stays there until it is let go)", friends.shards().directory().served(),
        friends.settings().regions().size()))
      .compose(v -> friends.settings().demo().seed() ? new DemoSeed(node, friends.settings()).run()
        : Future.succeededFuture());
  }
}
