package org.hypergrid.assets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.assets.api.AssetFlags;
import org.hypergrid.assets.api.AssetService;
import org.hypergrid.assets.clients.AssetsHttpConnector;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The asset service reached four ways by config alone, each running the same operations and
 * getting the same answers: the asset server's implementation through its own OpenSim IN
 * connector ({@code local}), its event-bus proxy ({@code bus}), a node whose assets are {@code via:
 * bus} serving OpenSim's protocol ({@code http} to a bus-backed node), and a proxy server whose
 * assets are {@code via: http} to the asset server (IN chained to OUT, the load-balancing front).
 */
@ExtendWith(VertxExtension.class)
class AssetReachTest {

  static final long MAX_ASSET = 64 * 1024;

  @Test
  void everyWayGivesTheSameAnswers(Vertx vertx, VertxTestContext ctx) {
    JsonObject server = settings(TestGrid.assetServer("Asset server"));
    TestGrid.startLater(vertx, server).compose(assetServer -> {
      // A node on the same cluster (here: the same Vert.x) reaching the assets over the bus.
      JsonObject busNode = settings(TestGrid.assetServer("Bus node"));
      busNode.put("services", new JsonObject().put("assets", new JsonObject().put("via", "bus")));
      JsonObject proxy = settings(TestGrid.assetServer("Proxy"));
      proxy.put("services", new JsonObject().put("assets", new JsonObject().put("via", "http")
        .put("url", assetServer.privateUrl("/"))));
      return Future.all(TestGrid.startLater(vertx, busNode), TestGrid.startLater(Vertx.vertx(), proxy))
        .compose(nodes -> {
          TestGrid bus = nodes.resultAt(0);
          TestGrid front = nodes.resultAt(1);
          WebClient web = WebClient.create(vertx);
          List<Future<List<String>>> runs = List.of(
            script("local", new AssetsHttpConnector(vertx, web, assetServer.privateUrl(""), 5_000)),
            script("bus", AssetService.createProxy(vertx, AssetService.ADDRESS)),
            script("http", new AssetsHttpConnector(vertx, web, bus.privateUrl(""), 5_000)),
            script("proxy", new AssetsHttpConnector(vertx, web, front.privateUrl(""), 5_000)));
          return Future.all(runs).map(done -> {
            ctx.verify(() -> {
              List<String> expected = List.of("store:ok", "store again:ok", "original kept:original", "data:1024",
                "type:7", "update normal:false", "update rewritable:true", "new data:new content", "exist:[true, false, true]",
                "exist with a bad id:[false, false, false]", "missing:404", "not a uuid:404", "largest:65536", "oversized:413",
                "oversized stored:[false]", "delete:true", "deleted:404");
              for (Future<List<String>> run : runs) {
                assertEquals(expected, run.result().subList(1, run.result().size()), run.result().get(0));
              }
            });
            front.vertx.close();
            return null;
          });
        });
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** Remote deletes on (all types), a small size limit: the same on every node. */
  private static JsonObject settings(JsonObject config) {
    return config.put("assets", new JsonObject().put("maxAssetBytes", MAX_ASSET).put("allowRemoteDelete", true)
      .put("allowRemoteDeleteAllTypes", true));
  }

  /** The same operations on one client, with ids of its own; the answers as text. */
  private static Future<List<String>> script(String way, AssetService assets) {
    String prefix = switch (way) {
      case "local" -> "10";
      case "bus" -> "20";
      case "http" -> "30";
      default -> "40";
    };
    String normal = prefix + "000000-0000-4000-8000-000000000001";
    String rewritable = prefix + "000000-0000-4000-8000-000000000002";
    String big = prefix + "000000-0000-4000-8000-000000000003";
    String missing = prefix + "000000-0000-4000-8000-0000000000ff";
    // At the size limit: large enough that its XML is written and read off the event loop.
    String largest = prefix + "000000-0000-4000-8000-000000000004";
    byte[] bytes = new byte[1024];
    new Random(42).nextBytes(bytes);
    List<String> log = new ArrayList<>(List.of(way));
    AssetBase asset = new AssetBase().setFullId(normal).setName("original").setType(7).setData(Buffer.buffer(bytes));
    return step(log, "store", assets.store(asset), id -> id.equals(normal) ? "ok" : id)
      .compose(v -> step(log, "store again", assets.store(new AssetBase(asset).setName("changed")
        .setData(Buffer.buffer("other"))), id -> id.equals(normal) ? "ok" : id))
      .compose(v -> step(log, "original kept", assets.get(normal), AssetBase::getName))
      .compose(v -> step(log, "data", assets.getData(normal), data -> String.valueOf(data.length())))
      .compose(v -> step(log, "type", assets.getMetadata(normal), m -> String.valueOf(m.getType())))
      .compose(v -> step(log, "update normal", assets.updateContent(normal, Buffer.buffer("new")), String::valueOf))
      .compose(v -> assets.store(new AssetBase().setFullId(rewritable).setName("tile").setFlags(AssetFlags.REWRITABLE)
        .setData(Buffer.buffer("old content"))))
      .compose(v -> step(log, "update rewritable", assets.updateContent(rewritable, Buffer.buffer("new content")),
        String::valueOf))
      .compose(v -> step(log, "new data", assets.getData(rewritable), Buffer::toString))
      .compose(v -> step(log, "exist", assets.assetsExist(List.of(normal, missing, rewritable)), String::valueOf))
      .compose(v -> step(log, "exist with a bad id", assets.assetsExist(List.of(normal, "nope", rewritable)),
        String::valueOf))
      .compose(v -> step(log, "missing", assets.get(missing), AssetBase::getName))
      .compose(v -> step(log, "not a uuid", assets.getMetadata("nope"), AssetBase::getName))
      .compose(v -> step(log, "largest", assets.store(new AssetBase().setFullId(largest).setName("largest")
        .setData(Buffer.buffer(new byte[(int) MAX_ASSET]))).compose(id -> assets.get(largest)),
        stored -> String.valueOf(stored.getData().length())))
      .compose(v -> step(log, "oversized", assets.store(new AssetBase().setFullId(big).setName("big")
        .setData(Buffer.buffer(new byte[(int) MAX_ASSET + 1]))), id -> id))
      .compose(v -> step(log, "oversized stored", assets.assetsExist(List.of(big)), String::valueOf))
      .compose(v -> step(log, "delete", assets.delete(normal), String::valueOf))
      .compose(v -> step(log, "deleted", assets.get(normal), AssetBase::getName))
      .map(v -> log);
  }

  /** Logs "what:answer", or "what:code" for a failure; never fails, so every step runs. */
  private static <T> Future<Void> step(List<String> log, String what, Future<T> call, Function<T, String> answer) {
    return call.transform(done -> {
      log.add(what + ":" + (done.succeeded() ? answer.apply(done.result())
        : done.cause() instanceof ReplyException re ? String.valueOf(re.failureCode()) : done.cause().toString()));
      return Future.succeededFuture();
    });
  }
}
