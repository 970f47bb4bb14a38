package org.hypergrid.friends;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.TravelInfo;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grids talking over OpenSim's own protocol on loopback: Fred lives on grid A; Alice and Bob on
 * grid B, in two regions; Carol on grid C. Every grid is a full node with its own ports and
 * database.
 */
class TwoGridsTest {

  static final String FRED = "11111111-2222-3333-4444-555555555555";
  static final String ALICE = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String BOB = "bbbbbbbb-0000-0000-0000-000000000002";
  static final String CAROL = "cccccccc-0000-0000-0000-000000000003";
  static final String A_HOME = "a0000000-0000-0000-0000-000000000001";
  static final String B_NORTH = "b0000000-0000-0000-0000-000000000001";
  static final String B_SOUTH = "b0000000-0000-0000-0000-000000000002";
  static final String C_PLAZA = "c0000000-0000-0000-0000-000000000001";

  TestGrid gridA;
  TestGrid gridB;
  TestGrid gridC;
  JsonObject configB;

  @BeforeEach
  void startGrids() {
    JsonObject configA = TestGrid.config("Grid A", new JsonArray().add(TestGrid.region(A_HOME, "Home")));
    configA.put("breaker", new JsonObject().put("maxFailures", 2).put("resetMs", 500));
    // A grid that failed get_server_urls is not asked again for this long (30 s by default).
    configA.put("userManagement", new JsonObject().put("failureSeconds", 1));
    gridA = TestGrid.start(configA);
    configB = TestGrid.config("Grid B", new JsonArray()
      .add(TestGrid.region(B_NORTH, "North")).add(TestGrid.region(B_SOUTH, "South")));
    gridB = TestGrid.start(configB);
    gridC = TestGrid.start(TestGrid.config("Grid C", new JsonArray().add(TestGrid.region(C_PLAZA, "Plaza"))));
    Hypergrid.account(gridA, FRED, "Fred", "Foo");
    Hypergrid.account(gridB, ALICE, "Alice", "Smith");
    Hypergrid.account(gridB, BOB, "Bob", "Jones");
    Hypergrid.account(gridC, CAROL, "Carol", "White");
    Hypergrid.befriend(gridA, FRED, "Fred Foo", gridB, ALICE, "Alice Smith", "1a2b3c4d");
    Hypergrid.befriend(gridA, FRED, "Fred Foo", gridB, BOB, "Bob Jones", "9f8e7d6c");
    Hypergrid.befriend(gridA, FRED, "Fred Foo", gridC, CAROL, "Carol White", "c0c0c0c0");
    gridB.login(B_NORTH, ALICE);
    gridB.login(B_SOUTH, BOB);
    gridC.login(C_PLAZA, CAROL);
  }

  @AfterEach
  void stopGrids() {
    for (TestGrid grid : new TestGrid[] {gridA, gridB, gridC}) {
      if (grid != null) {
        grid.close();
      }
    }
  }

  static Predicate<JsonObject> friendsOnline(String... ids) {
    Set<String> expected = Set.of(ids);
    return e -> RegionProtocol.FRIENDS_ONLINE.equals(e.getString("type"))
      && e.getJsonArray("friends").stream().map(String::valueOf).collect(Collectors.toSet()).equals(expected);
  }

  @Test
  void aLoginOnAIsSeenByFriendsOnBAndCAndFredSeesThemOnline() {
    try (AgentInbox alice = new AgentInbox(gridB.vertx, ALICE); AgentInbox bob = new AgentInbox(gridB.vertx, BOB);
         AgentInbox carol = new AgentInbox(gridC.vertx, CAROL); AgentInbox fred = new AgentInbox(gridA.vertx, FRED)) {
      gridA.login(A_HOME, FRED);
      alice.await(AgentInbox.friendStatus(FRED, true), "Alice on B (North) hears Fred");
      bob.await(AgentInbox.friendStatus(FRED, true), "Bob on B (South) hears Fred");
      carol.await(AgentInbox.friendStatus(FRED, true), "Carol on C hears Fred");
      fred.await(friendsOnline(ALICE, BOB, CAROL), "Fred is told Alice, Bob and Carol are online");

      assertEquals(200, gridA.logout(A_HOME, FRED).statusCode());
      alice.await(AgentInbox.friendStatus(FRED, false), "Alice hears Fred leave");
      bob.await(AgentInbox.friendStatus(FRED, false), "Bob hears Fred leave");
    }
  }

  @Test
  void aDeadGridDelaysNobodyAndIsReachedAgainWhenItReturns() {
    gridB.stop();
    try (AgentInbox carol = new AgentInbox(gridC.vertx, CAROL); AgentInbox fred = new AgentInbox(gridA.vertx, FRED)) {
      long start = System.nanoTime();
      gridA.login(A_HOME, FRED);
      carol.await(AgentInbox.friendStatus(FRED, true), "Carol on C is told although B is down");
      fred.await(friendsOnline(CAROL), "Fred's list comes once B has failed");
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMs < 5_000, "B costs at most its timeout, took " + tookMs + " ms");
      assertEquals(200, gridA.logout(A_HOME, FRED).statusCode());
    }
    gridB = TestGrid.start(configB);
    gridB.login(B_NORTH, ALICE);
    try (AgentInbox alice = new AgentInbox(gridB.vertx, ALICE)) {
      // The circuit to B may still be open: logins are retried until it half-opens and B answers.
      TestGrid.eventually(java.time.Duration.ofSeconds(15), () -> {
        gridA.login(A_HOME, FRED);
        boolean heard = alice.events().stream().anyMatch(AgentInbox.friendStatus(FRED, true));
        gridA.logout(A_HOME, FRED);
        return heard || alice.events().stream().anyMatch(AgentInbox.friendStatus(FRED, true));
      }, "notifications reach B again");
    }
  }

  @Test
  void aTravellingFriendIsReachedWhereTheyAre() {
    // Alice leaves B for C: B records where she is, C hosts her as a visitor.
    await(gridB.presence().reportTravel(new TravelInfo().setUserId(ALICE)
      .setSessionId("d0000000-0000-0000-0000-000000000001").setToken("travel-token-1")
      .setGridUri(gridC.publicUrl("/")).setRegionServerUri(gridC.publicUrl("/"))));
    gridB.logout(B_NORTH, ALICE);
    gridC.login(C_PLAZA, ALICE, gridB.publicUrl("/"));
    try (AgentInbox aliceOnC = new AgentInbox(gridC.vertx, ALICE); AgentInbox fred = new AgentInbox(gridA.vertx, FRED)) {
      gridA.login(A_HOME, FRED);
      aliceOnC.await(AgentInbox.friendStatus(FRED, true), "Alice, visiting C, hears Fred through her home grid");
      fred.await(friendsOnline(ALICE, BOB, CAROL), "Fred sees Alice online although she is away from home");
    }
  }

  @Test
  void aHangingGridCostsItsTimeoutThenItsCircuitOpensAndOthersAreStillTold() {
    // Dave's grid accepts connections and never answers; A already knows its FriendsServerURI.
    String dave = "dddddddd-0000-0000-0000-000000000004";
    io.vertx.core.http.HttpServer hang = await(gridA.vertx.createHttpServer().requestHandler(request -> { })
      .listen(0, "127.0.0.1"));
    String hangUri = "http://127.0.0.1:" + hang.actualPort() + "/";
    String daveUui = dave + ";" + hangUri + ";Dave Brown;d0d0d0d0";
    Hypergrid.foreignFriend(gridA, FRED, daveUui);
    await(gridA.sql().preparedQuery("INSERT INTO user_service_urls (user_id, url_key, url) VALUES ($1, 'FriendsServerURI', $2)")
      .execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(dave), hangUri)));
    try (AgentInbox carol = new AgentInbox(gridC.vertx, CAROL); AgentInbox fred = new AgentInbox(gridA.vertx, FRED)) {
      for (int login = 1; login <= 2; login++) {
        gridA.login(A_HOME, FRED);
        fred.awaitNth(friendsOnline(ALICE, BOB, CAROL), login, "login " + login + ": Fred's list comes, without Dave's grid");
        gridA.logout(A_HOME, FRED);
      }
      carol.awaitNth(AgentInbox.friendStatus(FRED, true), 2, "Carol heard both logins");
      JsonObject circuits = healthData(gridA, "foreign-grids");
      assertEquals("OPEN", circuits.getString(hangUri), "two timeouts open the circuit to the hanging grid: " + circuits);
      assertEquals("CLOSED", circuits.getString(gridB.publicUrl("/")), circuits.encode());
    }
  }

  @Test
  void aFriendWhoseHomeGridCannotSayWhereItsServicesAreIsSkipped() {
    String erin = "eeeeeeee-0000-0000-0000-000000000005";
    String nowhere = "http://127.0.0.1:" + TestGrid.freePort() + "/";
    String erinUui = erin + ";" + nowhere + ";Erin Gray;e0e0e0e0";
    Hypergrid.foreignFriend(gridA, FRED, erinUui);
    try (AgentInbox alice = new AgentInbox(gridB.vertx, ALICE); AgentInbox fred = new AgentInbox(gridA.vertx, FRED)) {
      gridA.login(A_HOME, FRED);
      alice.await(AgentInbox.friendStatus(FRED, true), "Alice is told although Erin's home grid is unreachable");
      fred.await(friendsOnline(ALICE, BOB, CAROL), "Fred's list has everyone reachable");
    }
  }

  @Test
  void aFriendshipOfferIsCheckedWithTheOfferersHomeGridThenShownToItsTarget() {
    // Erin (home A) has offered friendship to Bob (home B): A holds her side, pending.
    String erin = "eeeeeeee-0000-0000-0000-000000000005";
    Hypergrid.account(gridA, erin, "Erin", "Gray");
    String bobUui = BOB + ";" + gridB.publicUrl("/") + ";Bob Jones";
    await(gridA.friends().storeFriend(bobUui, erin, 0));
    String offer = "METHOD=friendship_offered&FromID=" + erin + "&ToID=" + BOB + "&Message=Hello+Bob"
      + "&FromName=Erin.Gray%40127.0.0.1%3a" + gridA.publicPort;
    try (AgentInbox bob = new AgentInbox(gridB.vertx, BOB)) {
      assertEquals("<?xml version=\"1.0\"?>\n<ServerResponse>\n  <RESULT>True</RESULT>\n</ServerResponse>",
        gridB.postForm(offer).bodyAsString());
      JsonObject shown = bob.await(e -> RegionProtocol.FRIENDSHIP_OFFERED.equals(e.getString("type")),
        "Bob is shown the offer once A has confirmed it");
      assertEquals(erin, shown.getString("fromId"));
      assertEquals("Hello Bob", shown.getString("message"));
    }
    java.util.List<org.hypergrid.friends.api.FriendInfo> bobs = await(gridB.friends().getFriends(BOB));
    assertTrue(bobs.stream().anyMatch(f -> f.getFriend().startsWith(erin + ";" + gridA.publicUrl("/") + ";Erin Gray;")
      && f.getTheirFlags() == -1), "B keeps the offer pending: " + bobs);

    String forged = offer.replace("FromID=" + erin, "FromID=ffffffff-0000-0000-0000-00000000000f");
    String before = gridB.snapshot();
    gridB.postForm(forged);
    await(TestGrid.until(gridB.vertx, java.time.Duration.ofSeconds(10),
      () -> gridB.metricLater("hg_friendship_offers_total", "outcome=\"rejected\"").map(n -> n == 1),
      "B has checked the forged offer with A"));
    assertEquals(before, gridB.snapshot(), "an offer A does not know of is not stored");
    assertEquals(1, gridB.metric("hg_friendship_offers_total", "outcome=\"recorded\""));
  }

  static JsonObject healthData(TestGrid grid, String check) {
    JsonObject health = await(grid.http.getAbs(grid.privateUrl("/health")).send()).bodyAsJsonObject();
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
      .filter(c -> check.equals(c.getString("id"))).findFirst().orElseThrow().getJsonObject("data");
  }
}
