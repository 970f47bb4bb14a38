package org.hypergrid.assets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.assets.clients.AssetsHttpConnector;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.support.AssetVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our asset OUT connector against an OpenSim asset server: a server that answers each request
 * with ROBUST's captured reply, after checking that the request is the one OpenSim's own client
 * sent (method, path and, for posts, the body byte for byte).
 */
@ExtendWith(VertxExtension.class)
class AssetOutConnectorTest {

  static final String BINARY = "b1b1b1b1-0000-4000-8000-00000000a001";
  static final String TEXT = "7e7e7e7e-0000-4000-8000-00000000a002";
  static final String MISSING = "0badc0de-0000-4000-8000-00000000dead";
  static final String CREATOR = "c0c0c0c0-0000-4000-8000-0000000000c0";

  @Test
  void speaksOpenSimsClientToARobustServer(Vertx vertx, VertxTestContext ctx) {
    Deque<String> script = new ArrayDeque<>(List.of("AV1-store-binary-new", "AV4-get-binary", "AV7-metadata-binary",
      "AV10-data-binary", "AV13-update.1", "AV13-update.2", "AV14-update-missing", "AV15-delete-disallowed",
      "AV21-exists", "AV6-get-missing"));
    HttpServer robust = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      String exchange = script.poll();
      AssetVectors.Side sent = AssetVectors.request(exchange);
      AssetVectors.Side answer = AssetVectors.reply(exchange);
      ctx.verify(() -> {
        assertEquals(sent.field("method") + " " + sent.field("path"), request.method() + " " + request.uri(),
          exchange + ": the request OpenSim's client makes");
        assertEquals(sent.body(), body, exchange + ": the body OpenSim's client sends");
      });
      String[] status = answer.firstLine().split(" ", 3);
      request.response().setStatusCode(Integer.parseInt(status[1])).setStatusMessage(status[2])
        .putHeader("Content-Type", answer.field("content-type")).end(answer.body());
    }));
    robust.listen(0, "127.0.0.1").compose(server -> {
      AssetsHttpConnector connector = new AssetsHttpConnector(vertx, WebClient.create(vertx),
        "http://127.0.0.1:" + server.actualPort() + "/", 5_000);
      AssetBase binary = new AssetBase().setFullId(BINARY).setName("tiny-bin").setDescription("binary vector")
        .setType(0).setCreatorId(CREATOR).setData(Buffer.buffer(HexFormat.of()
          .parseHex("00ff0102030405060708090a0b0c0d0e0f10ff00")));
      return connector.store(binary)
        .compose(id -> {
          ctx.verify(() -> assertEquals(BINARY, id));
          return connector.get(BINARY);
        })
        .compose(got -> {
          ctx.verify(() -> {
            assertEquals(binary.toJson(), got.toJson(), "the asset as stored");
            assertEquals("tiny-bin", got.getName());
          });
          return connector.getMetadata(BINARY);
        })
        .compose(metadata -> {
          ctx.verify(() -> {
            assertEquals(0, metadata.getType());
            assertEquals(CREATOR, metadata.getCreatorId());
            assertEquals(null, metadata.getData(), "metadata has no data");
          });
          return connector.getData(BINARY);
        })
        .compose(data -> {
          ctx.verify(() -> assertEquals(binary.getData(), data));
          return connector.updateContent(TEXT, Buffer.buffer("updated ✓"));
        })
        .compose(updated -> {
          ctx.verify(() -> assertEquals(false, updated, "ROBUST's stock service never updates"));
          return connector.updateContent(MISSING, Buffer.buffer("x"));
        })
        .compose(updated -> {
          ctx.verify(() -> assertEquals(false, updated, "no metadata, no update (and no POST)"));
          return connector.delete(BINARY);
        })
        .compose(deleted -> {
          ctx.verify(() -> assertEquals(false, deleted));
          return connector.assetsExist(List.of(BINARY, MISSING, TEXT));
        })
        .compose(exist -> {
          ctx.verify(() -> assertEquals(List.of(true, false, true), exist));
          return connector.get(MISSING).transform(missing -> Future.succeededFuture(missing));
        })
        .map(missing -> {
          ctx.verify(() -> {
            assertTrue(missing.failed() && ServiceErrors.isNotFound(missing.cause()), "404 is not found");
            assertTrue(script.isEmpty(), "every captured exchange was made: " + script);
          });
          return null;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }
}
