package org.hypergrid.assets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.support.AssetVectors;
import org.hypergrid.support.RawHttp;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenSim 0.9.2.2's own asset client against our asset server, replayed byte for byte from the
 * captures: every request head and body as the .NET client sent it (with {@code Expect:
 * 100-continue}), in the captured order, and every reply's status line, content type and body
 * exactly as ROBUST answered.
 */
@ExtendWith(VertxExtension.class)
class AssetVectorsTest {

  static final String BINARY = "b1b1b1b1-0000-4000-8000-00000000a001";
  static final String MAPTILE = "3a3a3a3a-0000-4000-8000-00000000a003";

  /** The captures against ROBUST's default switches (remote deletes off), in the order they were taken. */
  static final List<String> DEFAULT_SWITCHES = List.of(
    "AV1-store-binary-new", "AV2-store-text-new", "AV3-store-existing", "AV4-get-binary", "AV5-get-text",
    "AV6-get-missing", "AV7-metadata-binary", "AV8-metadata-text", "AV9-metadata-missing", "AV10-data-binary",
    "AV11-data-text", "AV12-data-missing", "AV13-update.1", "AV13-update.2", "AV14-update-missing",
    "AV15-delete-disallowed", "AV16-store-maptile", "AV21-exists", "AV22-store-malformed",
    "AV23-update-malformed", "AV24-exists-malformed", "AV25-get-nonuuid", "AV26-metadata-nonuuid",
    "AV27-data-nonuuid", "AV28-get-unknown-subpath", "AV29-get-noid", "AV30-delete-nonuuid",
    "AV31-exists-nonuuid", "AV32-store-nonuuid-id", "AV33-get-after-store-existing");

  @Test
  void openSimsClientGetsRobustsAnswers(Vertx vertx, VertxTestContext ctx) {
    TestGrid.startLater(vertx, TestGrid.assetServer("Assets"))
      .compose(grid -> replay(vertx, grid, DEFAULT_SWITCHES, ctx))
      .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Remote deletes in ROBUST's "maptiles only" mode: a Normal asset is refused (AV18) and a
   * missing one answers false (AV20), as captured. ROBUST's PostgreSQL store never deletes (its
   * delete is a stub answering false, AV19); ours deletes a maptile when allowed, as OpenSim's
   * MySQL and SQLite stores do, so that exchange answers true and the maptile is gone.
   */
  @Test
  void remoteDeletesFollowRobustsSwitches(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestGrid.assetServer("Assets");
    config.put("assets", new JsonObject().put("allowRemoteDelete", true).put("allowRemoteDeleteAllTypes", false));
    TestGrid.startLater(vertx, config)
      .compose(grid -> replay(vertx, grid, List.of("AV1-store-binary-new", "AV2-store-text-new", "AV16-store-maptile",
          "AV18-delete-maptile-mode-normal", "AV20-delete-missing", "AV5-get-text"), ctx)
        .compose(v -> send(vertx, grid, "AV19-delete-maptile-mode-maptile"))
        .compose(deleted -> {
          ctx.verify(() -> assertEquals("<boolean>true</boolean>", xmlBody(deleted), "the maptile was deleted"));
          return Future.all(grid.http.getAbs(grid.privateUrl("/assets/" + BINARY)).send(),
            grid.http.getAbs(grid.privateUrl("/assets/" + MAPTILE)).send());
        })
        .map(gets -> {
          ctx.verify(() -> {
            assertEquals(200, gets.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(0).statusCode(),
              "the Normal asset is still there");
            assertEquals(404, gets.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(1).statusCode(), "the maptile is gone");
          });
          return null;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  /** Sends each exchange's captured request and checks the reply against the capture. */
  private static Future<Void> replay(Vertx vertx, TestGrid grid, List<String> exchanges, VertxTestContext ctx) {
    Future<Void> chain = Future.succeededFuture();
    for (String exchange : exchanges) {
      chain = chain.compose(v -> send(vertx, grid, exchange)).map(reply -> {
        AssetVectors.Side expected = AssetVectors.reply(exchange);
        ctx.verify(() -> {
          assertEquals(expected.firstLine(), reply.statusLine(), exchange + ": status line");
          assertEquals(expected.field("content-type"), reply.header("Content-Type"), exchange + ": content type");
          assertEquals(expected.body(), reply.body(), exchange + ": body bytes\n" + reply.body());
          if (AssetVectors.request(exchange).head().contains("Expect: 100-continue")) {
            assertTrue(reply.continued(), exchange + ": 100 Continue came first");
          }
        });
        return null;
      });
    }
    return chain;
  }

  private static Future<RawHttp.Reply> send(Vertx vertx, TestGrid grid, String exchange) {
    AssetVectors.Side request = AssetVectors.request(exchange);
    return RawHttp.exchange(vertx, grid.privatePort, request.head(), request.body());
  }

  private static String xmlBody(RawHttp.Reply reply) {
    String text = reply.body().toString("UTF-8");
    return text.substring(text.indexOf('\n') + 1);
  }
}
