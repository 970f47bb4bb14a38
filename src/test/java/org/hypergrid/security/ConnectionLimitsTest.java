package org.hypergrid.security;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public server against connection floods from one address (each flood from its own
 * loopback address, 127.0.0.2 and up, so the real caller on 127.0.0.1 is another address):
 * refused past the address's share, cut off at the header, body and idle deadlines however
 * slowly bytes trickle in, while a real statusnotification is answered in its normal time.
 */
@ExtendWith(VertxExtension.class)
class ConnectionLimitsTest {

  static final int PER_ADDRESS = 256;
  static final long HEADER_MS = 1500;
  static final long BODY_MS = 1500;
  static final long IDLE_MS = 2000;
  static final String REGION = "c1000000-0000-0000-0000-000000000001";
  static final String PROBE = text("GV1-statusnotification-request.form");

  static TestGrid grid;
  static TestGrid small;

  @BeforeAll
  static void start() {
    JsonObject config = TestGrid.config("Flooded", new JsonArray().add(TestGrid.region(REGION, "Here")));
    config.put("connections", new JsonObject().put("maxPerAddress", PER_ADDRESS).put("headerTimeoutMs", HEADER_MS)
      .put("bodyTimeoutMs", BODY_MS).put("idleTimeoutMs", IDLE_MS));
    grid = TestGrid.start(config);
    Hypergrid.alicesAndBobsFriendshipsWithFred(grid, REGION);
  }

  @AfterAll
  static void stop() {
    grid.close();
    if (small != null) {
      small.close();
    }
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void twentyThousandIdleConnectionsFromOneAddressDoNotStarveARealCaller(Vertx vertx, VertxTestContext ctx) {
    String expected = text("GV2-statusnotification-reply-two-online.xml");
    long idle = probe(vertx, 5);
    double refusedBefore = grid.metric("hg_http_connections_refused_total", "server=\"public\"", "reason=\"address\"");
    NetClient flooder = vertx.createNetClient(new NetClientOptions().setLocalAddress("127.0.0.2")
      .setConnectTimeout(10_000));
    AtomicInteger closedByServer = new AtomicInteger();
    Future<Void> flood = flood(vertx, flooder, 20_000, 1000, closedByServer);
    List<Long> underFlood = new ArrayList<>();
    // Probes one after another while the flood runs, each timed.
    Promise<Void> probed = Promise.promise();
    probeWhile(vertx, flood, underFlood, expected, probed);
    Future.all(flood, probed.future()).onComplete(ctx.succeeding(done -> grid.metricLater(
      "hg_http_connections_refused_total", "server=\"public\"", "reason=\"address\"").onComplete(ctx.succeeding(
        refused -> ctx.verify(() -> {
          long worst = underFlood.stream().mapToLong(Long::longValue).max().orElseThrow();
          LoggerFactory.getLogger(ConnectionLimitsTest.class).info("flood of 20,000 connections: {} probes answered,"
            + " slowest {} ms (quiet: {} ms), {} refused for the address", underFlood.size(), worst, idle,
            (long) (refused - refusedBefore));
          assertTrue(underFlood.size() >= 5, "probes answered during the flood: " + underFlood.size());
          assertTrue(worst < Math.max(1000, 20 * idle), "the slowest statusnotification under the flood took "
            + worst + " ms (idle: " + idle + " ms)");
          assertTrue(refused - refusedBefore >= 20_000 - 3 * PER_ADDRESS, "connections past the address's share are"
            + " refused and counted: " + (refused - refusedBefore));
          assertEquals(20_000, closedByServer.get(), "the server closed every one of them, refused or idle");
          flooder.close();
          ctx.completeNow();
        })))));
  }

  /** Opens {@code total} connections that send nothing, at most {@code window} at a time, until the server closes each. */
  private static Future<Void> flood(Vertx vertx, NetClient client, int total, int window, AtomicInteger closed) {
    Promise<Void> done = Promise.promise();
    AtomicInteger started = new AtomicInteger();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (started.get() >= total) {
        return;
      }
      started.incrementAndGet();
      client.connect(grid.publicPort, "127.0.0.1").onComplete(connected -> {
        if (connected.failed()) {
          done.tryFail(connected.cause());
          return;
        }
        connected.result().closeHandler(v -> {
          if (closed.incrementAndGet() == total) {
            done.tryComplete();
          }
          next[0].run();
        });
      });
    };
    for (int i = 0; i < window; i++) {
      next[0].run();
    }
    return done.future();
  }

  private static void probeWhile(Vertx vertx, Future<Void> flood, List<Long> times, String expected,
                                 Promise<Void> done) {
    long start = System.nanoTime();
    grid.postFormLater(PROBE).onComplete(reply -> {
      if (reply.failed() || !expected.equals(reply.result().bodyAsString())) {
        done.tryFail(reply.failed() ? reply.cause() : new AssertionError("wrong answer: " + reply.result().bodyAsString()));
        return;
      }
      times.add((System.nanoTime() - start) / 1_000_000);
      if (flood.isComplete()) {
        done.tryComplete();
      } else {
        vertx.setTimer(100, t -> probeWhile(vertx, flood, times, expected, done));
      }
    });
  }

  /** The slowest of {@code count} statusnotifications on a quiet server, in ms. */
  private static long probe(Vertx vertx, int count) {
    long worst = 0;
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      TestGrid.await(grid.postFormLater(PROBE));
      worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
    }
    return worst;
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void headersTrickledAByteAtATimeAreCutOffAtTheirDeadline(Vertx vertx, VertxTestContext ctx) {
    trickle(vertx, "127.0.0.3", "", "POST /hgfriends HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
      + "a".repeat(200), HEADER_MS, ctx);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aBodyTrickledAByteAtATimeIsCutOffAtItsDeadlineWith408(Vertx vertx, VertxTestContext ctx) {
    String headers = "POST /hgfriends HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      + "Content-Length: 1000\r\n\r\n";
    trickle(vertx, "127.0.0.4", headers, "METHOD=statusnotification&" + "x".repeat(500), BODY_MS, ctx);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aKeptAliveConnectionTricklingItsNextRequestIsClosedAtTheIdleDeadline(Vertx vertx, VertxTestContext ctx) {
    String first = "POST /hgfriends HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      + "Content-Length: " + PROBE.length() + "\r\n\r\n" + PROBE;
    trickle(vertx, "127.0.0.5", first, "POST /hgfriends HTTP/1.1\r\nX-Slow: " + "a".repeat(200), IDLE_MS, ctx);
  }

  /**
   * Sends {@code head} at once, then {@code slowly} a byte every 100 ms, and checks that the server
   * closes the connection after about {@code deadlineMs}: not before, and not long after.
   */
  private static void trickle(Vertx vertx, String from, String head, String slowly, long deadlineMs,
                              VertxTestContext ctx) {
    NetClient client = vertx.createNetClient(new NetClientOptions().setLocalAddress(from));
    client.connect(grid.publicPort, "127.0.0.1").onComplete(ctx.succeeding(socket -> {
      long start = System.nanoTime();
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      socket.write(head);
      AtomicInteger at = new AtomicInteger();
      long dripping = vertx.setPeriodic(100, t -> {
        if (at.get() < slowly.length()) {
          socket.write(String.valueOf(slowly.charAt(at.getAndIncrement())));
        }
      });
      socket.closeHandler(v -> ctx.verify(() -> {
        vertx.cancelTimer(dripping);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(at.get() > deadlineMs / 100 - 3, "bytes kept arriving until the close: " + at.get());
        assertTrue(tookMs >= deadlineMs && tookMs < deadlineMs + 1500, "closed after " + tookMs + " ms, deadline "
          + deadlineMs + " ms");
        if (slowly.startsWith("METHOD")) {
          assertTrue(received.toString().startsWith("HTTP/1.1 408"), "told why: " + received);
        }
        client.close();
        ctx.completeNow();
      }));
    }));
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void anUpgradedWebSocketIsLeftAloneAndLeavesNothingCounted(Vertx vertx, VertxTestContext ctx) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions bridge = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(grid.privatePort)
      .setURI("/eventbus/websocket").addHeader("Origin", "http://127.0.0.1:" + grid.privatePort);
    client.connect(bridge)
      .compose(socket -> {
        Promise<Void> pastTheDeadlines = Promise.promise();
        // Longer than the header, body and idle deadlines: none of them applies to a WebSocket in use.
        long pings = vertx.setPeriodic(300, t -> socket.writePing(Buffer.buffer("ping")));
        vertx.setTimer(IDLE_MS + 1000, t -> {
          vertx.cancelTimer(pings);
          pastTheDeadlines.complete();
        });
        return pastTheDeadlines.future()
          .compose(v -> grid.metricLater("hg_http_connections", "server=\"private\""))
          .compose(during -> {
            ctx.verify(() -> assertTrue(!socket.isClosed(), "the WebSocket outlived every deadline"));
            return socket.close().map(during);
          });
      })
      // An upgraded connection leaves the count (its close is told to the WebSocket only): nothing is left counted.
      .compose(during -> TestGrid.until(vertx, java.time.Duration.ofSeconds(10), () -> grid.metricLater(
        "hg_http_connections", "server=\"private\"").map(now -> now <= during), "nothing left counted"))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void theServersTotalIsBoundedAcrossAddresses(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestGrid.config("Small", new JsonArray());
    config.put("connections", new JsonObject().put("maxTotal", 100).put("maxPerAddress", 60)
      .put("headerTimeoutMs", 60_000));
    small = TestGrid.start(config);
    List<Future<NetSocket>> opened = new ArrayList<>();
    AtomicInteger closedByServer = new AtomicInteger();
    for (int address = 2; address <= 4; address++) {
      NetClient client = vertx.createNetClient(new NetClientOptions().setLocalAddress("127.0.0." + address));
      for (int i = 0; i < 60; i++) {
        opened.add(client.connect(small.publicPort, "127.0.0.1")
          .onSuccess(socket -> socket.closeHandler(v -> closedByServer.incrementAndGet())));
      }
    }
    Future.all(opened).compose(all -> TestGrid.until(vertx, java.time.Duration.ofSeconds(20),
        () -> small.metricLater("hg_http_connections_refused_total", "server=\"public\"", "reason=\"total\"")
          .map(refused -> refused >= 80), "every connection past the total refused"))
      .compose(v -> small.metricLater("hg_http_connections", "server=\"public\""))
      .onComplete(ctx.succeeding(open -> ctx.verify(() -> {
        assertEquals(100, open.intValue(), "the server holds its total and no more");
        ctx.completeNow();
      })));
  }
}
