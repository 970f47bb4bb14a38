package org.hypergrid.friends;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.clients.HGFriendsHttpConnector;
import org.hypergrid.friends.clients.UserAgentConnector;
import org.hypergrid.runtime.OutboundHttp;
import org.hypergrid.runtime.OutboundPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What our OUT connectors put on the wire, captured by a real HTTP server playing a foreign
 * OpenSim grid, and how they read whatever it answers.
 */
class OutConnectorTest {

  static final String ALICE_UUI = ALICE + ";http://gridb.example.org:8002/;Alice Smith;1a2b3c4d";
  static final String BOB_UUI = BOB + ";http://gridb.example.org:8002/;Bob Jones;9f8e7d6c";

  static Vertx vertx;
  static HttpServer foreignGrid;
  static OutboundHttp web;
  static final List<JsonObject> requests = new CopyOnWriteArrayList<>();
  static volatile int status = 200;
  static volatile String reply = "";

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    web = new OutboundHttp(vertx, new OutboundPolicy(vertx, true, false), 65_536, 8, 64, true);
    foreignGrid = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      requests.add(new JsonObject().put("path", request.path()).put("body", body.toString())
        .put("contentType", request.getHeader("Content-Type")));
      request.response().setStatusCode(status).end(reply);
    })).listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @BeforeEach
  void reset() {
    requests.clear();
    status = 200;
  }

  HGFriendsHttpConnector connector() {
    return new HGFriendsHttpConnector(web, "http://127.0.0.1:" + foreignGrid.actualPort() + "/", 2_000, null, true);
  }

  @Test
  void statusNotificationsAreByteEqualToGv1AndGv4() {
    reply = text("GV2-statusnotification-reply-two-online.xml");
    assertEquals(List.of(ALICE, BOB), await(connector().statusNotification(List.of(ALICE_UUI, BOB_UUI), FRED, true)).getOnline());
    assertEquals("/hgfriends", requests.get(0).getString("path"));
    assertEquals("application/x-www-form-urlencoded", requests.get(0).getString("contentType"));
    assertEquals(text("GV1-statusnotification-request.form"), requests.get(0).getString("body"));

    reply = text("GV3-statusnotification-reply-null.xml");
    assertEquals(List.of(), await(connector().statusNotification(List.of(ALICE_UUI), FRED, false)).getOnline());
    assertEquals(text("GV4-statusnotification-offline-request.form"), requests.get(1).getString("body"));
  }

  @Test
  void otherMethodsAreByteEqualToGv7() {
    reply = text("GV7-getfriendperms-reply.xml");
    assertEquals(1, await(connector().getFriendPerms(ALICE, FRED, "5b0a4c7e-1111-2222-3333-444444444444",
      "c0ffee00-0000-0000-0000-000000000009")));
    assertEquals(text("GV7-getfriendperms-request.form"), requests.get(0).getString("body"));

    reply = text("GV7-newfriendship-reply.xml");
    assertTrue(await(connector().newFriendship(FRED, ALICE_UUI, "", "00000000-0000-0000-0000-000000000000")),
      "<Result>Success</Result> is read as success (OpenSim's own client reads it as false)");
    assertEquals(text("GV7-newfriendship-request.form"), requests.get(1).getString("body"));

    reply = text("GV6-region-status-reply-true.xml");
    assertTrue(await(connector().friendshipOffered(FRED, ALICE, "Will you be my friend?", "Fred.Foo@grida.example.net:8002")));
    assertEquals(text("GV7-friendship_offered-request.form"), requests.get(2).getString("body"));
  }

  @Test
  void repliesAreReadTolerantly() {
    reply = "<?xml version=\"1.0\"?>\n<ServerResponse>\n  <friend_1>" + BOB + "</friend_1>\n  <friend_0> " + ALICE
      + " </friend_0>\n  <friend_2>not-a-uuid</friend_2>\n</ServerResponse>\n";
    assertEquals(List.of(BOB, ALICE), await(connector().statusNotification(List.of(ALICE_UUI, BOB_UUI), FRED, true)).getOnline(),
      "indented, reordered, with junk that is ignored");
    reply = "<html><body>Bad gateway</body>";
    assertEquals(List.of(), await(connector().statusNotification(List.of(ALICE_UUI), FRED, true)).getOnline(),
      "garbage reads as nobody online");
    reply = "";
    assertEquals(List.of(), await(connector().statusNotification(List.of(ALICE_UUI), FRED, true)).getOnline());
    status = 500;
    assertThrows(IllegalStateException.class,
      () -> await(connector().statusNotification(List.of(ALICE_UUI), FRED, true)).getOnline(), "an HTTP error is a failure");
  }

  @Test
  void getServerUrlsSpeaksGv8() {
    reply = text("GV8-get_server_urls-reply.xml");
    Map<String, String> urls = await(new UserAgentConnector(web, 2_000)
      .getServerUrls("http://127.0.0.1:" + foreignGrid.actualPort(), FRED));
    assertEquals(text("GV8-get_server_urls-request.xml"), requests.get(0).getString("body"));
    assertEquals("/", requests.get(0).getString("path"));
    assertEquals(Map.of("HomeURI", "http://grida.example.net:8002/", "FriendsServerURI", "http://grida.example.net:8002/"),
      urls);
  }
}
