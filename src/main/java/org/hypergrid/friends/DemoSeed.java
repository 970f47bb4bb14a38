package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.FriendRights;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.api.UserAccount;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.spi.ModuleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Demo data so a fresh node can be poked with curl at once. It is idempotent (upserts) and
 * plays one of two roles, so two nodes make a two-grid hypergrid:
 * <ul>
 * <li>{@code home-of-alice} (default): local users Alice, Bob and Carol, all friends of Fred who
 * lives on the peer grid; Alice and Bob are logged in, in the first two regions.</li>
 * <li>{@code home-of-fred}: local user Fred, friend of Alice and Bob on the peer grid.</li>
 * </ul>
 * The secrets are those of the protocol's golden vectors.
 */
final class DemoSeed {

  private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

  static final String FRED = "11111111-2222-3333-4444-555555555555";
  static final String ALICE = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String BOB = "bbbbbbbb-0000-0000-0000-000000000002";
  static final String CAROL = "cccccccc-0000-0000-0000-000000000003";

  private final Vertx vertx;
  private final FriendsService friends;
  private final UserManagementService users;
  private final FriendsSettings settings;
  private final long callTimeoutMs;

  DemoSeed(ModuleContext node, FriendsSettings settings) {
    this.vertx = node.vertx();
    this.friends = node.service("friends", FriendsService.class);
    this.users = node.service("usermanagement", UserManagementService.class);
    this.settings = settings;
    this.callTimeoutMs = node.settings().timeouts().serviceMs();
  }

  Future<Void> run() {
    String peer = Uui.normalizeHome(settings.demo().peerHomeUri());
    String home = Uui.normalizeHome(settings.homeUri());
    boolean fredsHome = "home-of-fred".equals(settings.demo().role());
    List<Future<?>> steps = new ArrayList<>();
    if (fredsHome) {
      steps.add(account(FRED, "Fred", "Foo"));
      steps.add(foreignFriendship(FRED, Uui.format(ALICE, peer, "Alice Smith", "1a2b3c4d")));
      steps.add(foreignFriendship(FRED, Uui.format(BOB, peer, "Bob Jones", "9f8e7d6c")));
    } else {
      steps.add(account(ALICE, "Alice", "Smith"));
      steps.add(account(BOB, "Bob", "Jones"));
      steps.add(account(CAROL, "Carol", "White"));
      steps.add(foreignFriendship(ALICE, Uui.format(FRED, peer, "Fred Foo", "1a2b3c4d")));
      steps.add(foreignFriendship(BOB, Uui.format(FRED, peer, "Fred Foo", "9f8e7d6c")));
      steps.add(friends.storeFriend(ALICE, CAROL, FriendRights.CAN_SEE_ONLINE));
      steps.add(friends.storeFriend(CAROL, ALICE, FriendRights.CAN_SEE_ONLINE));
    }
    return Future.all(steps)
      .compose(v -> fredsHome ? Future.succeededFuture() : loginDemoAgents())
      .onSuccess(v -> LOG.info("Demo data seeded as {} (this grid {}, peer grid {})",
        fredsHome ? "home-of-fred" : "home-of-alice", home, peer))
      .mapEmpty();
  }

  private Future<Void> account(String id, String first, String last) {
    return users.storeAccount(new UserAccount().setUserId(id).setFirstName(first).setLastName(last));
  }

  /** Both rows of a friendship with a foreign user, each granting CanSeeOnline. */
  private Future<Void> foreignFriendship(String localId, String foreignUui) {
    return friends.storeFriend(localId, foreignUui, FriendRights.CAN_SEE_ONLINE)
      .compose(v -> friends.storeFriend(foreignUui, localId, FriendRights.CAN_SEE_ONLINE));
  }

  /** Alice in the first region, Bob in the second (or the first, when there is one). */
  private Future<Void> loginDemoAgents() {
    List<RegionInfo> regions = settings.regions();
    if (regions.isEmpty()) {
      return Future.succeededFuture();
    }
    String first = regions.get(0).getRegionId();
    String second = regions.get(Math.min(1, regions.size() - 1)).getRegionId();
    return Future.all(login(first, ALICE), login(second, BOB)).mapEmpty();
  }

  private Future<JsonObject> login(String regionId, String agentId) {
    return RegionService.createProxy(vertx, regionId, callTimeoutMs).login(agentId, null, null);
  }
}
