package org.hypergrid.runtime;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exchanges run on contexts of their own (a region shard's context would have its whole config
 * copied per request), yet every reply and every failure is handed back on the caller's context,
 * as a verticle's code expects.
 */
@ExtendWith(VertxExtension.class)
class OutboundHttpTest {

  private static final int CALLS = 40;

  @Test
  void repliesAndDeadlinesComeBackOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/silent")) {
        return; // never answers: the caller's deadline must fail the exchange
      }
      request.body().onSuccess(body -> request.response().end("echo " + body));
    });
    Checkpoint replies = test.checkpoint(CALLS);
    Checkpoint deadline = test.checkpoint();
    String[] base = new String[1];
    server.listen(0, "127.0.0.1").compose(listening -> {
      base[0] = "http://127.0.0.1:" + listening.actualPort();
      OutboundHttp outbound = new OutboundHttp(vertx, new OutboundPolicy(vertx, true, false), 1024, 4, 64, true);
      return outbound.started().map(outbound);
    }).compose(outbound -> {
      // A caller with a config as large as a shard's: its own context must get every answer.
      JsonArray regions = new JsonArray();
      for (int r = 0; r < 1_000; r++) {
        regions.add(new JsonArray().add("region " + r).add(r));
      }
      return vertx.deployVerticle(new AbstractVerticle() {
        @Override
        public void start() {
          Context mine = vertx.getOrCreateContext();
          for (int i = 0; i < CALLS; i++) {
            String sent = "call " + i;
            outbound.post(base[0] + "/echo", "text/plain", Buffer.buffer(sent), 5_000)
              .onComplete(test.succeeding(reply -> test.verify(() -> {
                assertSame(mine, Vertx.currentContext(), "the reply comes back on the caller's context");
                assertEquals(200, reply.status());
                assertEquals("echo " + sent, reply.text());
                replies.flag();
              })));
          }
          outbound.post(base[0] + "/silent", "text/plain", Buffer.buffer("hello?"), 300)
            .onComplete(test.failing(e -> test.verify(() -> {
              assertSame(mine, Vertx.currentContext(), "the deadline's failure comes back on the caller's context");
              assertTrue(e instanceof ServiceException && e.getMessage().contains("no complete reply within 300 ms"),
                e.toString());
              deadline.flag();
            })));
        }
      }, new DeploymentOptions().setConfig(new JsonObject().put("regions", regions)));
    }).onFailure(test::failNow);
  }

  /** The exchanges' verticles belong to the client: closing it undeploys them, so none is left behind. */
  /**
   * A connection the other side closes before replying (as a server does to a connection it finds
   * idle just as the request leaves) costs one more try, with the same body; a server that always
   * does so gets two tries, not more, and the caller a failure.
   */
  @Test
  void aConnectionClosedBeforeAnyReplyIsTriedOnceMore(Vertx vertx, VertxTestContext test) {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      int n = requests.incrementAndGet();
      if (request.path().equals("/always-closes") || n == 1) {
        request.connection().close();
        return;
      }
      request.body().onSuccess(body -> request.response().end("heard " + body));
    });
    server.listen(0, "127.0.0.1").compose(listening -> {
      String base = "http://127.0.0.1:" + listening.actualPort();
      OutboundHttp outbound = new OutboundHttp(vertx, new OutboundPolicy(vertx, true, false), 1024, 4, 64, true);
      return outbound.started()
        .compose(v -> outbound.post(base + "/once-closes", "text/plain", Buffer.buffer("Alice is offline"), 5_000))
        .onSuccess(reply -> test.verify(() -> {
          assertEquals("heard Alice is offline", reply.text(), "the second try carried the whole body");
          assertEquals(2, requests.get());
        }))
        .compose(reply -> outbound.post(base + "/always-closes", "text/plain", Buffer.buffer("Bob"), 5_000))
        .transform(always -> {
          test.verify(() -> {
            assertTrue(always.failed(), "a server that always closes fails the exchange");
            assertEquals(4, requests.get(), "two tries for it, not more");
          });
          return outbound.close();
        });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void closingTheClientUndeploysItsVerticles(Vertx vertx, VertxTestContext test) {
    int before = vertx.deploymentIDs().size();
    OutboundHttp outbound = new OutboundHttp(vertx, new OutboundPolicy(vertx, true, false), 1024, 4, 64, true);
    outbound.started()
      .onSuccess(v -> test.verify(() -> assertEquals(before + 1, vertx.deploymentIDs().size())))
      .compose(v -> outbound.close())
      .onComplete(test.succeeding(v -> test.verify(() -> {
        assertEquals(before, vertx.deploymentIDs().size());
        test.completeNow();
      })));
  }
}
