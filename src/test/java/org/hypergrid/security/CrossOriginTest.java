package org.hypergrid.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.support.HeadlessChromium;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The private port on its defaults (loopback, no token) against what a web page the operator
 * visits can make the browser send: another origin's requests, a DNS-rebinding Host, a body that
 * is not JSON. Simulators and our own nodes send none of these and pass.
 */
class CrossOriginTest {

  static final String WELCOME = "c0000000-0000-0000-0000-000000000001";
  static final String MALLORY = "eeeeeeee-0000-0000-0000-00000000000e";
  static final String MALLORY_UUI = MALLORY + ";http://evil.example:8002/;Mallory Evil;s3cr3t";

  @Test
  void aPageOfAnotherOriginChangesNothingWhileTheServersOwnPageWorks() throws Exception {
    Assumptions.assumeTrue(HeadlessChromium.installed(), "needs Debian's chromium (installed by .ci/run)");
    try (TestGrid grid = TestGrid.start(TestGrid.config("Target", new JsonArray().add(TestGrid.region(WELCOME, "Welcome"))));
         HeadlessChromium browser = HeadlessChromium.launch(grid.vertx)) {
      Hypergrid.account(grid, ALICE, "Alice", "Smith");
      await(grid.friends().storeFriendship(ALICE, BOB, 1));
      String before = grid.snapshot();
      String target = grid.privateUrl("");
      HttpServer attacker = await(grid.vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "text/html")
          .end(attackPage(target)))
        .listen(0, "127.0.0.1"));
      try {
        browser.open("http://127.0.0.1:" + attacker.actualPort() + "/");
        browser.waitUntil("String(window.attempts)", "5"::equals, Duration.ofSeconds(20),
          "the page has sent its five requests");
        await(TestGrid.until(grid.vertx, Duration.ofSeconds(10),
          () -> grid.metricLater("hg_http_requests_refused_total", "reason=\"origin\"").map(n -> n >= 5),
          "every request of the page reached the private port and was refused there"));
      } finally {
        await(attacker.close());
      }
      assertEquals(before, grid.snapshot(), "no friendship stored, no travel recorded, nothing changed");
      assertEquals("[]", await(grid.http.getAbs(grid.privateUrl("/regions/" + WELCOME + "/agents")).send())
        .bodyAsString(), "nobody was logged into Welcome");
      assertTrue(await(grid.friends().getFriends(ALICE)).stream().noneMatch(row -> row.getFriend().startsWith(MALLORY)),
        "Alice's list names no attacker");

      // The server's own page, same origin: its calls go through.
      browser.open(grid.privateUrl("/monitor/"));
      browser.waitUntil("document.getElementById('state') && document.getElementById('state').textContent",
        "subscribed"::equals, Duration.ofSeconds(20), "the monitor page has its state and its bridge");
      browser.eval("window.ownCall = 'pending'; fetch('/services/friends/getFriends', {method: 'POST',"
        + " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({principalId: '" + ALICE + "'})})"
        + ".then(r => r.json()).then(j => { window.ownCall = JSON.stringify(j); }); 'sent'");
      browser.waitUntil("window.ownCall", reply -> reply.contains(BOB), Duration.ofSeconds(10),
        "a same-origin call from the server's own page is answered");
    }
  }

  /** Five ways a page sends without asking: fetch in no-cors mode with simple content types, and a form. */
  private static String attackPage(String target) {
    String store = "JSON.stringify({principalId: '" + ALICE + "', friend: '" + MALLORY_UUI + "', flags: 1})";
    return "<!doctype html><html><body>"
      + "<iframe name='sink' style='display:none'></iframe>"
      + "<form id='f' method='POST' enctype='text/plain' target='sink' action='" + target + "/regions/" + WELCOME
      + "/agents'><input name='{\"agentId\":\"" + MALLORY + "\",\"x\":\"' value='\"}'></form>"
      + "<script>\n"
      + "window.attempts = 0;\n"
      + "const target = '" + target + "';\n"
      + "function send(path, type, body) {\n"
      + "  return fetch(target + path, {method: 'POST', mode: 'no-cors', headers: {'Content-Type': type}, body: body})\n"
      + "    .then(() => window.attempts++, () => window.attempts++);\n"
      + "}\n"
      + "send('/services/friends/storeFriend', 'text/plain', " + store + ");\n"
      + "send('/services/friends/storeFriend', 'application/x-www-form-urlencoded', " + store + ");\n"
      + "send('/regions/" + WELCOME + "/agents', 'text/plain', JSON.stringify({agentId: '" + MALLORY + "'}));\n"
      + "send('/travels', 'multipart/form-data; boundary=x', JSON.stringify({userId: '" + ALICE + "'}));\n"
      + "document.getElementById('f').submit(); window.attempts++;\n"
      + "</script></body></html>";
  }

  @Test
  void aForeignHostIsRefusedOnEveryRouteAndTheServersOwnNamesPass() {
    JsonObject config = TestGrid.config("Target", new JsonArray());
    config.put("security", new JsonObject().put("privateHostNames", new JsonArray().add("ops.grid.example")));
    try (TestGrid grid = TestGrid.start(config)) {
      String before = grid.snapshot();
      JsonObject row = new JsonObject().put("principalId", ALICE).put("friend", MALLORY_UUI).put("flags", 1);
      for (String host : new String[] {"evil.example", "localhost.evil.example", "127.0.0.1.evil.example"}) {
        HttpResponse<Buffer> metrics = await(grid.http.getAbs(grid.privateUrl("/metrics")).virtualHost(host).send());
        assertEquals(403, metrics.statusCode(), "a rebinding page cannot read the metrics as " + host);
        assertTrue(metrics.bodyAsString().contains("is not a name of this server"), metrics.bodyAsString());
        assertEquals(403, await(grid.http.postAbs(grid.privateUrl("/services/friends/storeFriend")).virtualHost(host)
          .sendJsonObject(row)).statusCode(), "nor write through the services as " + host);
        assertEquals(403, await(grid.http.getAbs(grid.privateUrl("/monitor/")).virtualHost(host).send()).statusCode(),
          "nor load the monitor page as " + host);
      }
      assertEquals(before, grid.snapshot(), "nothing stored");
      for (String host : new String[] {"localhost", "127.0.0.1", "[::1]", "ops.grid.example"}) {
        assertEquals(200, await(grid.http.getAbs(grid.privateUrl("/metrics")).virtualHost(host).send()).statusCode(),
          host + " is one of the server's names");
      }
      assertTrue(grid.metric("hg_http_requests_refused_total", "server=\"private\"", "reason=\"host\"") >= 9);
    }
  }

  @Test
  void originAndFetchSiteMustBeTheServersOwnForWritesAndJsonRoutesTakeOnlyJson() {
    try (TestGrid grid = TestGrid.start(TestGrid.config("Target", new JsonArray()))) {
      String own = "http://127.0.0.1:" + grid.privatePort;
      String before = grid.snapshot();
      JsonObject row = new JsonObject().put("principalId", ALICE).put("friend", MALLORY_UUI).put("flags", 1);
      assertEquals(403, store(grid, row, "Origin", "http://evil.example").statusCode(), "another origin");
      assertEquals(403, store(grid, row, "Origin", "http://127.0.0.1:1").statusCode(), "another port is another origin");
      assertEquals(403, store(grid, row, "Origin", "null").statusCode(), "a sandboxed page");
      assertEquals(403, store(grid, row, "Sec-Fetch-Site", "cross-site").statusCode(), "cross-site without Origin");
      assertEquals(403, store(grid, row, "Sec-Fetch-Site", "same-site").statusCode(), "same site is not same origin");
      HttpResponse<Buffer> plain = await(grid.http.postAbs(grid.privateUrl("/services/friends/storeFriend"))
        .putHeader("Content-Type", "text/plain").sendBuffer(row.toBuffer()));
      assertEquals(415, plain.statusCode(), "JSON sent as text/plain");
      assertTrue(plain.bodyAsString().contains("application/json"), plain.bodyAsString());
      assertEquals(415, await(grid.http.postAbs(grid.privateUrl("/regions/" + WELCOME + "/agents"))
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("agentId=" + MALLORY)))
        .statusCode(), "a form to the regions");
      assertEquals(before, grid.snapshot(), "nothing stored by any of them");
      assertEquals(5, grid.metric("hg_http_requests_refused_total", "reason=\"origin\""), "five refused for their origin");
      assertEquals(2, grid.metric("hg_http_requests_refused_total", "reason=\"content-type\""));

      assertEquals(200, store(grid, row, "Origin", own).statusCode(), "the server's own origin");
      assertEquals(200, store(grid, row.copy().put("friend", BOB), "Sec-Fetch-Site", "same-origin").statusCode());
      HttpResponse<Buffer> charset = await(grid.http.postAbs(grid.privateUrl("/services/friends/storeFriend"))
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .sendBuffer(row.copy().put("principalId", BOB).put("friend", ALICE).toBuffer()));
      assertEquals(200, charset.statusCode(), "JSON with its charset");
      assertEquals(2, await(grid.friends().getFriends(ALICE)).size(), "both of Alice's rows stored");
      assertEquals(1, await(grid.friends().getFriends(BOB)).size(), "and Bob's");
    }
  }

  private static HttpResponse<Buffer> store(TestGrid grid, JsonObject row, String header, String value) {
    HttpRequest<Buffer> request = grid.http.postAbs(grid.privateUrl("/services/friends/storeFriend"))
      .putHeader(header, value);
    return await(request.sendJsonObject(row));
  }
}
