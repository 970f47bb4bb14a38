package org.hypergrid.security;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.runtime.OutboundHttp;
import org.hypergrid.runtime.OutboundPolicy;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callers cannot aim our server at hosts inside the operator's network, and a peer that answers
 * one byte a second cannot hold a request past its deadline. The "inside" host here is a trap
 * server on loopback, which the grid under test is configured not to contact.
 */
class OutboundAttacksTest {

  static Vertx vertx;
  static HttpServer trap;
  static HttpServer trickler;
  static final List<String> trapped = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    trap = await(vertx.createHttpServer().requestHandler(request -> {
      trapped.add(request.method() + " " + request.uri());
      request.response().end("<?xml version=\"1.0\"?><methodResponse/>");
    }).listen(0, "127.0.0.1"));
    // Headers at once, then one byte a second, for ever.
    trickler = await(vertx.createHttpServer().requestHandler(request -> {
      request.response().setChunked(true).putHeader("Content-Type", "text/xml").write("<");
      long timer = vertx.setPeriodic(1000, t -> request.response().write("x"));
      request.connection().closeHandler(v -> vertx.cancelTimer(timer));
    }).listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void anOffererNamingAnInsideHostGetsNoRequestSentThere() {
    JsonObject config = TestGrid.config("Grid B", new JsonArray());
    config.put("outbound", new JsonObject().put("allowLoopback", false));
    try (TestGrid grid = TestGrid.start(config)) {
      Hypergrid.account(grid, ALICE, "Alice", "Smith");
      String before = grid.snapshot();
      String offer = "METHOD=friendship_offered&FromID=" + FRED + "&ToID=" + ALICE + "&Message=hi"
        + "&FromName=fred.foo@127.0.0.1:" + trap.actualPort();
      assertTrue(grid.postForm(offer).bodyAsString().contains("<RESULT>True</RESULT>"), "Alice is ours: True");
      await(TestGrid.until(grid.vertx, Duration.ofSeconds(10),
        () -> grid.metricLater("hg_friendship_offers_total", "outcome=\"rejected\"").map(n -> n >= 1),
        "the offer is checked and rejected"));
      assertEquals(List.of(), trapped, "no request reached the inside host");
      assertEquals(before, grid.snapshot(), "nothing stored");
    }
  }

  @Test
  void aPeerTricklingOneByteASecondIsCutOffAtTheDeadline() {
    OutboundHttp http = new OutboundHttp(vertx, new OutboundPolicy(vertx, true, false), 65_536, 4, 16, true);
    String url = "http://127.0.0.1:" + trickler.actualPort() + "/";
    Throwable e = assertThrows(IllegalStateException.class,
      () -> await(http.postChecked(url, "text/xml", Buffer.buffer("<methodCall/>"), 1_500)));
    assertTrue(e.getMessage().contains("gave no complete reply within 1500 ms"), e.getMessage());
  }

  @Test
  void aLoginIsAnsweredAlthoughAFriendsHomeGridTrickles() {
    try (TestGrid grid = TestGrid.start(TestGrid.config("Grid B", new JsonArray()
      .add(TestGrid.region("10000000-0000-0000-0000-000000000001", "Welcome"))))) {
      String tricklingHome = "http://127.0.0.1:" + trickler.actualPort() + "/";
      Hypergrid.foreignFriend(grid, ALICE, FRED + ";" + tricklingHome + ";Fred Foo;1a2b3c4d");
      try (AgentInbox alice = new AgentInbox(grid.vertx, ALICE)) {
        grid.login("10000000-0000-0000-0000-000000000001", ALICE);
        alice.await(e -> RegionProtocol.FRIENDS_ONLINE.equals(e.getString("type")),
          "Alice's friends list comes once the trickling grid's deadline has passed");
      }
    }
  }
}
