package org.hypergrid.friends.handlers;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.friends.api.UserAccount;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.ALICE_SECRET;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.BOB_SECRET;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code statusnotification} over real HTTP against a grid playing grid B of the vectors: Fred of
 * grid A is a friend of Alice, Bob, Carol (who hides her status from him) and Dave (whose
 * friendship is still pending). All four are online.
 */
class StatusNotificationTest {

  static final String CAROL = "cccccccc-0000-0000-0000-000000000003";
  static final String DAVE = "dddddddd-0000-0000-0000-000000000004";
  static final String WELCOME = "10000000-0000-0000-0000-000000000001";
  static final String SANDBOX = "10000000-0000-0000-0000-000000000002";
  static final String GRID_B = "http://gridb.example.org:8002/";

  static TestGrid grid;

  @BeforeAll
  static void startGrid() {
    grid = TestGrid.start(TestGrid.config("Grid B", new JsonArray()
      .add(TestGrid.region(WELCOME, "Welcome")).add(TestGrid.region(SANDBOX, "Sandbox"))));
    for (String[] user : new String[][] {{ALICE, "Alice", "Smith"}, {BOB, "Bob", "Jones"}, {CAROL, "Carol", "White"},
      {DAVE, "Dave", "Brown"}}) {
      await(grid.users().storeAccount(new UserAccount().setUserId(user[0]).setFirstName(user[1]).setLastName(user[2])));
    }
    befriend(ALICE, ALICE_SECRET, 1, true);
    befriend(BOB, BOB_SECRET, 1, true);
    befriend(CAROL, "cccc0003", 0, true);
    befriend(DAVE, "dddd0004", 1, false);
    grid.login(WELCOME, ALICE);
    grid.login(SANDBOX, BOB);
    grid.login(WELCOME, CAROL);
    grid.login(SANDBOX, DAVE);
  }

  /** Our user grants Fred {@code flags}; with {@code confirmed}, Fred's converse row exists too. */
  static void befriend(String localId, String secret, int flags, boolean confirmed) {
    await(grid.friends().storeFriend(localId, fredUui(secret), flags));
    if (confirmed) {
      await(grid.friends().storeFriend(fredUui(secret), localId, 1));
    }
  }

  @AfterAll
  static void stopGrid() {
    grid.close();
  }

  static String uui(String id, String name, String secret) {
    return id + "%3b" + "http%3a%2f%2fgridb.example.org%3a8002%2f%3b" + name + "%3b" + secret;
  }

  static String notification(String online, String... friends) {
    StringBuilder body = new StringBuilder("METHOD=statusnotification&userID=" + FRED + "&online=" + online);
    for (int i = 0; i < friends.length; i++) {
      body.append("&friend_").append(i).append('=').append(friends[i]);
    }
    return body.toString();
  }

  @Test
  void gv1IsAnsweredWithGv2AndBothFriendsHearFredComeOnline() {
    try (AgentInbox alice = new AgentInbox(grid.vertx, ALICE); AgentInbox bob = new AgentInbox(grid.vertx, BOB)) {
      HttpResponse<Buffer> reply = grid.postForm(text("GV1-statusnotification-request.form"));
      assertEquals(200, reply.statusCode());
      assertEquals(text("GV2-statusnotification-reply-two-online.xml"), reply.bodyAsString());
      alice.await(AgentInbox.friendStatus(FRED, true), "Alice hears Fred online");
      bob.await(AgentInbox.friendStatus(FRED, true), "Bob hears Fred online");
    }
  }

  @Test
  void gv4IsAnsweredWithGv3AndAliceHearsFredGoOffline() {
    try (AgentInbox alice = new AgentInbox(grid.vertx, ALICE)) {
      HttpResponse<Buffer> reply = grid.postForm(text("GV4-statusnotification-offline-request.form"));
      assertEquals(text("GV3-statusnotification-reply-null.xml"), reply.bodyAsString());
      alice.await(AgentInbox.friendStatus(FRED, false), "Alice hears Fred offline");
    }
  }

  @Test
  void missingKeysAndUnknownMethodsGetGv5() {
    for (String body : new String[] {"METHOD=statusnotification&online=True", "METHOD=statusnotification&userID=" + FRED,
      "METHOD=nosuchmethod&userID=" + FRED, "userID=" + FRED + "&online=True", ""}) {
      HttpResponse<Buffer> reply = grid.postForm(body);
      assertEquals(200, reply.statusCode(), body);
      assertEquals(text("GV5-failure-reply.xml"), reply.bodyAsString(), body);
      assertTrue(reply.getHeader("X-Failure-Reason") != null && !reply.getHeader("X-Failure-Reason").isBlank(),
        "the reason is told: " + body);
    }
  }

  @Test
  void aWrongEmptyOrPartialSecretVerifiesNothing() {
    String nullReply = text("GV3-statusnotification-reply-null.xml");
    assertEquals(nullReply, grid.postForm(notification("True", uui(ALICE, "Alice+Smith", "deadbeef"))).bodyAsString());
    assertEquals(nullReply, grid.postForm(notification("True", uui(ALICE, "Alice+Smith", "3c4d"))).bodyAsString(),
      "a suffix of the secret is not the secret");
    assertEquals(nullReply, grid.postForm(notification("True", uui(ALICE, "Alice+Smith", ""))).bodyAsString());
    assertEquals(nullReply, grid.postForm(notification("True", ALICE)).bodyAsString(), "a bare UUID has no secret");
    String otherUser = "METHOD=statusnotification&userID=99999999-2222-3333-4444-555555555555&online=True&friend_0="
      + uui(ALICE, "Alice+Smith", ALICE_SECRET);
    assertEquals(nullReply, grid.postForm(otherUser).bodyAsString(), "the secret belongs to Fred's friendship only");
  }

  @Test
  void onlyFriendsWhoLetFredSeeThemAreReportedButAllConfirmedOnesHearIt() {
    try (AgentInbox carol = new AgentInbox(grid.vertx, CAROL)) {
      String reply = grid.postForm(notification("True", uui(CAROL, "Carol+White", "cccc0003"),
        uui(DAVE, "Dave+Brown", "dddd0004"), uui(ALICE, "Alice+Smith", ALICE_SECRET))).bodyAsString();
      assertEquals("<?xml version=\"1.0\"?><ServerResponse><friend_0>" + ALICE + "</friend_0></ServerResponse>", reply,
        "Carol hides her status from Fred; Dave's friendship is pending");
      carol.await(AgentInbox.friendStatus(FRED, true), "Carol still hears that her friend Fred is online");
    }
  }

  @Test
  void friendKeysInAnyOrderWithGapsAndDuplicatesAllCount() {
    String body = "METHOD=statusnotification&userID=" + FRED + "&online=True"
      + "&friend_7=" + uui(BOB, "Bob+Jones", BOB_SECRET)
      + "&friend_2=" + uui(ALICE, "Alice+Smith", ALICE_SECRET)
      + "&friend_9=" + uui(ALICE, "Alice+Smith", ALICE_SECRET);
    assertEquals(text("GV2-statusnotification-reply-two-online.xml"), grid.postForm(body).bodyAsString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "yes", "", "Tru"})
  void anOnlineValueOtherThanTrueOrFalseIsBadInput(String online) {
    String before = grid.snapshot();
    assertEquals(text("GV5-failure-reply.xml"),
      grid.postForm(notification(online, uui(ALICE, "Alice+Smith", ALICE_SECRET))).bodyAsString());
    assertEquals(before, grid.snapshot());
  }

  @Test
  void trueAndFalseAreReadInAnyCase() {
    assertEquals(text("GV3-statusnotification-reply-null.xml"),
      grid.postForm(notification("FALSE", uui(ALICE, "Alice+Smith", ALICE_SECRET))).bodyAsString());
    assertTrue(grid.postForm(notification("tRuE", uui(ALICE, "Alice+Smith", ALICE_SECRET))).bodyAsString()
      .contains("<friend_0>" + ALICE + "</friend_0>"));
  }

  @Test
  void unparsableFriendEntriesAreSkippedAndTheOthersAnsweredAsOpenSimDoes() {
    String garbage = "garbage%3bhttp%3a%2f%2fx%2f%3bA+B%3bsecret";
    assertEquals(text("GV3-statusnotification-reply-null.xml"), grid.postForm(notification("True", garbage)).bodyAsString(),
      "nothing to verify: nobody online");
    assertEquals("<?xml version=\"1.0\"?><ServerResponse><friend_0>" + ALICE + "</friend_0></ServerResponse>",
      grid.postForm(notification("True", garbage, uui(ALICE, "Alice+Smith", ALICE_SECRET))).bodyAsString(),
      "the good entry is still verified and answered");
    String aliceInDigits = uui(ALICE.replace("-", "").toUpperCase(), "Alice+Smith", ALICE_SECRET);
    assertEquals("<?xml version=\"1.0\"?><ServerResponse><friend_0>" + ALICE + "</friend_0></ServerResponse>",
      grid.postForm(notification("True", aliceInDigits)).bodyAsString(), "32 hex digits are a UUID, as in OpenSim");
  }

  @Test
  void badInputGetsAFailureReplyOrA4xxAndChangesNoRow() {
    String before = grid.snapshot();
    String failure = text("GV5-failure-reply.xml");
    String[] bad = {
      "METHOD=statusnotification&userID=not-a-uuid&online=True",
      "METHOD=statusnotification&userID=" + FRED.substring(1) + "&online=True",
      "METHOD=getfriendperms&PRINCIPALID=nope&FRIENDID=" + FRED,
      "METHOD=newfriendship&PrincipalID=" + ALICE + "&Friend=not-a-uui",
      "METHOD=deletefriendship&PrincipalID=bad&Friend=" + FRED + "&SECRET=x",
      "METHOD=friendship_offered&FromID=" + FRED + "&ToID=" + ALICE,
      "METHOD=validate_friendship_offered&PrincipalID=x&Friend=y",
    };
    for (String body : bad) {
      HttpResponse<Buffer> reply = grid.postForm(body);
      assertEquals(200, reply.statusCode(), body);
      assertEquals(failure, reply.bodyAsString(), body);
    }
    assertEquals(before, grid.snapshot(), "no stored row changed");
  }

  @Test
  void tooManyFriendsAndOversizedBodiesAreRefused() {
    String before = grid.snapshot();
    String tooMany = "METHOD=statusnotification&userID=" + FRED + "&online=True" + IntStream.range(0, 1001)
      .mapToObj(i -> "&friend_" + i + "=" + ALICE).collect(Collectors.joining());
    assertTrue(tooMany.length() < 64 * 1024, "refused for the count, not the size");
    HttpResponse<Buffer> reply = grid.postForm(tooMany);
    assertEquals(200, reply.statusCode());
    assertEquals(text("GV5-failure-reply.xml"), reply.bodyAsString());

    String oversized = notification("True", uui(ALICE, "Alice+Smith", ALICE_SECRET)) + "&padding=" + "x".repeat(70_000);
    HttpResponse<Buffer> refused = grid.postForm(oversized);
    assertEquals(413, refused.statusCode());
    assertEquals(text("GV5-failure-reply.xml"), refused.bodyAsString());
    assertEquals(before, grid.snapshot());
  }

  @Test
  void aGetIsRefusedWith405() {
    HttpResponse<Buffer> reply = await(grid.http.getAbs(grid.publicUrl("/hgfriends")).send());
    assertEquals(405, reply.statusCode());
    assertEquals("POST", reply.getHeader("Allow"));
  }

  @Test
  void privateServicesAreNotOnThePublicPort() {
    HttpResponse<Buffer> reply = await(grid.http.postAbs(grid.publicUrl("/services/friends/getFriends"))
      .sendJsonObject(new io.vertx.core.json.JsonObject().put("principalId", ALICE)));
    assertNotEquals(200, reply.statusCode());
    assertEquals(404, await(grid.http.getAbs(grid.publicUrl("/regions")).send()).statusCode());
    assertEquals(404, await(grid.http.getAbs(grid.publicUrl("/health")).send()).statusCode());
  }
}
