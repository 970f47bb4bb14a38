package org.hypergrid.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.friends.handlers.HGFriendsInConnector;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.ALICE_SECRET;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an attacker on the internet gets from the public port: no presence of strangers, no
 * spoofed status, no secret guessing. Alice lives here and is Fred's friend (secret 1a2b3c4d);
 * Mallory is nobody's friend; Vic is a friend of Alice who does not let her see him online.
 */
class PublicSurfaceTest {

  static final String MALLORY = "66666666-0000-0000-0000-000000000666";
  static final String VIC = "77777777-0000-0000-0000-000000000777";
  static final String WELCOME = "10000000-0000-0000-0000-000000000001";

  TestGrid grid;

  @BeforeEach
  void start() {
    JsonObject config = TestGrid.config("Grid B", new JsonArray().add(TestGrid.region(WELCOME, "Welcome")));
    config.put("limits", new JsonObject().put("failedVerifications",
      new JsonObject().put("perForeignUser", 5).put("perAddress", 1000).put("windowSeconds", 300)));
    grid = TestGrid.start(config);
    Hypergrid.foreignFriend(grid, ALICE, fredUui(ALICE_SECRET));
    await(grid.friends().storeFriend(ALICE, VIC, 1));
    await(grid.friends().storeFriend(VIC, ALICE, 0));
  }

  @AfterEach
  void stop() {
    grid.close();
  }

  @Test
  void aReasonQuotingTheCallerIsCutShort() {
    String method = "x".repeat(30_000);
    HttpResponse<Buffer> reply = grid.postForm("METHOD=" + method);
    String reason = reply.getHeader(HGFriendsInConnector.REASON_HEADER);
    assertTrue(reason.startsWith("unknown METHOD xxx") && reason.length() <= 210, "one short line, not the"
      + " caller's 30,000 characters: " + reason.length());
  }

  @Test
  void theRegionLegTellsAStrangerNothingAboutPresence() {
    String offlineAnswer = postFriends(MALLORY, ALICE, "True");
    grid.login(WELCOME, ALICE);
    String onlineAnswer = postFriends(MALLORY, ALICE, "True");
    assertEquals(text("GV6-region-status-reply-false.xml"), offlineAnswer);
    assertEquals(offlineAnswer, onlineAnswer, "a stranger hears the same whether Alice is online or not");
    assertEquals(text("GV6-region-status-reply-false.xml"), postFriends(VIC, ALICE, "True"),
      "a friend who hides from Alice cannot use the leg either");
    assertEquals(text("GV6-region-status-reply-true.xml"), postFriends(FRED, ALICE, "True"), "her real friend can");
  }

  @Test
  void aStrangerCannotPushAFakeStatusToAnAgent() {
    grid.login(WELCOME, ALICE);
    String before = grid.snapshot();
    try (AgentInbox alice = new AgentInbox(grid.vertx, ALICE)) {
      postFriends(MALLORY, ALICE, "True");
      postFriends(MALLORY, ALICE, "False");
      postFriends(VIC, ALICE, "False");
      // A real friend's status after the fakes: once it has arrived, the fakes would have too.
      postFriends(FRED, ALICE, "True");
      alice.await(AgentInbox.friendStatus(FRED, true), "Fred's real status");
      assertTrue(alice.events().stream().noneMatch(e -> MALLORY.equals(e.getString("friendId"))
        || VIC.equals(e.getString("friendId"))), "no fake event reached Alice: " + alice.events());
    }
    assertEquals(before, grid.snapshot(), "nothing stored");
  }

  @Test
  void manySecretsClaimedForOneUserVerifyNothing() {
    grid.login(WELCOME, ALICE);
    String before = grid.snapshot();
    String guesses = "METHOD=statusnotification&userID=" + FRED + "&online=True"
      + "&friend_0=" + uui(ALICE, "00000000") + "&friend_1=" + uui(ALICE, "ffffffff")
      + "&friend_2=" + uui(ALICE, ALICE_SECRET);
    assertEquals(text("GV3-statusnotification-reply-null.xml"), grid.postForm(guesses).bodyAsString(),
      "the right secret among guesses verifies nothing");
    assertEquals("<?xml version=\"1.0\"?><ServerResponse><friend_0>" + ALICE + "</friend_0></ServerResponse>",
      grid.postForm(notification(ALICE_SECRET)).bodyAsString(), "alone, the right secret verifies");
    assertEquals(before, grid.snapshot());
  }

  @Test
  void failedVerificationsForOneForeignUserAreLimited() {
    grid.login(WELCOME, ALICE);
    String before = grid.snapshot();
    for (int i = 0; i < 5; i++) {
      assertEquals(text("GV3-statusnotification-reply-null.xml"),
        grid.postForm(notification(String.format("%08x", i))).bodyAsString(), "guess " + i + " fails");
    }
    HttpResponse<Buffer> limited = grid.postForm(notification(ALICE_SECRET));
    assertEquals(text("GV5-failure-reply.xml"), limited.bodyAsString(), "over the limit even the right secret fails");
    assertTrue(limited.getHeader(HGFriendsInConnector.REASON_HEADER).contains("too many failed verifications"));
    assertTrue(grid.metric("hg_verification_throttled_total") >= 1, "counted in /metrics");
    assertTrue(grid.metric("hg_verification_failures_total") >= 5, "each failed claim is counted");
    assertEquals(before, grid.snapshot());
  }

  @Test
  void failedVerificationsFromOneAddressAreLimited() {
    grid.close();
    JsonObject config = TestGrid.config("Grid B", new JsonArray().add(TestGrid.region(WELCOME, "Welcome")));
    config.put("limits", new JsonObject().put("failedVerifications",
      new JsonObject().put("perForeignUser", 1000).put("perAddress", 3).put("windowSeconds", 300)));
    grid = TestGrid.start(config);
    Hypergrid.foreignFriend(grid, ALICE, fredUui(ALICE_SECRET));
    for (int i = 0; i < 3; i++) {
      String stranger = String.format("88888888-0000-0000-0000-%012d", i);
      grid.postForm("METHOD=statusnotification&userID=" + stranger + "&online=True&friend_0=" + uui(ALICE, "12345678"));
    }
    assertEquals(text("GV5-failure-reply.xml"), grid.postForm(notification(ALICE_SECRET)).bodyAsString(),
      "this address has guessed enough for now");
  }

  @Test
  void refusedRequestsAreLoggedOnlyAFewTimesASecond() {
    Logger logger = (Logger) LoggerFactory.getLogger(HGFriendsInConnector.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      // At least 300 refusals, and on until one is logged (this second's lines may be used up).
      long start = System.nanoTime();
      int sent = 0;
      while (sent < 300 || (lines.list.isEmpty() && System.nanoTime() - start < Duration.ofSeconds(3).toNanos())) {
        grid.postForm("METHOD=nonsense" + sent++);
      }
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds() + 1;
      int logged = lines.list.size();
      // Five lines a second at most, plus one a second saying how many were not logged.
      assertTrue(logged <= 6 * (seconds + 1), logged + " lines for " + sent + " refusals in " + seconds + " s");
      assertTrue(logged >= 1, "refusals are still logged");
    } finally {
      logger.detachAppender(lines);
    }
  }

  private String postFriends(String from, String to, String online) {
    return await(grid.http.postAbs(grid.publicUrl("/friends"))
      .putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer("METHOD=status&FromID=" + from + "&ToID=" + to + "&Online=" + online))).bodyAsString();
  }

  private static String uui(String id, String secret) {
    return id + "%3bhttp%3a%2f%2fgridb.example.org%3a8002%2f%3bAlice+Smith%3b" + secret;
  }

  private static String notification(String secret) {
    return "METHOD=statusnotification&userID=" + FRED + "&online=True&friend_0=" + uui(ALICE, secret);
  }
}
