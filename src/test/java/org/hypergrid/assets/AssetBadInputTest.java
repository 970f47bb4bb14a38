package org.hypergrid.assets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.support.AssetVectors;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a careless or hostile client sends to the asset server: bodies over the limit, assets over
 * the size limit, broken XML, values .NET would not deserialise. Each gets ROBUST's form of
 * refusal (an empty 4xx, or the zero id for a store that fails) and nothing is stored.
 */
@ExtendWith(VertxExtension.class)
class AssetBadInputTest {

  static final String STORE = AssetVectors.request("AV1-store-binary-new").body().toString("UTF-8");

  @Test
  void badRequestsStoreNothing(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = TestGrid.assetServer("Assets");
    config.put("assets", new JsonObject().put("maxAssetBytes", 1024));
    TestGrid.startLater(vertx, config).compose(grid -> {
      List<Future<String>> answers = new ArrayList<>();
      answers.add(post(grid, "/assets/", Buffer.buffer(new byte[8 * 1024 * 1024])));
      answers.add(post(grid, "/assets/", Buffer.buffer(STORE.replace("AP8BAgMEBQYHCAkKCwwNDg8Q/wA=",
        java.util.Base64.getEncoder().encodeToString(new byte[1025])))));
      answers.add(post(grid, "/assets/", Buffer.buffer(STORE.replace("<Type>0</Type>", "<Type>300</Type>"))));
      answers.add(post(grid, "/assets/", Buffer.buffer(STORE.replace("<Flags>Normal</Flags>", "<Flags>Shiny</Flags>"))));
      answers.add(post(grid, "/assets/", Buffer.buffer(STORE.replace("<Guid>b1b1b1b1-", "<Guid>zzzz-"))));
      answers.add(post(grid, "/assets/", Buffer.buffer(STORE.replace("AP8BAgMEBQYHCAkKCwwNDg8Q/wA=", "%%%"))));
      answers.add(post(grid, "/assets/", Buffer.buffer(STORE.replace("</AssetBase>", ""))));
      answers.add(post(grid, "/assets/", Buffer.buffer(STORE.replace("AssetBase", "InventoryItemBase"))));
      answers.add(post(grid, "/assets/", Buffer.buffer(STORE.replace("<Data>AP8BAgMEBQYHCAkKCwwNDg8Q/wA=</Data>", ""))));
      answers.add(post(grid, "/assets/", Buffer.buffer("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<AssetBase><Name>&e;</Name></AssetBase>")));
      answers.add(post(grid, "/get_assets_exist", Buffer.buffer("<ArrayOfString>" + "<string>x</string>".repeat(2000)
        + "</ArrayOfString>")));
      return Future.all(answers).compose(all -> grid.sql().query("SELECT count(*) AS n FROM assets").execute()
        .map(rows -> {
          ctx.verify(() -> {
            assertEquals(List.of("413 RequestEntityTooLarge", "413 RequestEntityTooLarge", "400 BadRequest",
              "400 BadRequest", "400 BadRequest", "400 BadRequest", "400 BadRequest", "400 BadRequest", "200 OK zero id",
              "400 BadRequest", "400 BadRequest"), answers.stream().map(Future::result).toList());
            assertEquals(0L, rows.iterator().next().getLong("n"), "nothing stored");
          });
          return null;
        }));
    }).onComplete(ctx.succeedingThenComplete());
  }

  private static Future<String> post(TestGrid grid, String path, Buffer body) {
    return grid.http.postAbs(grid.privateUrl(path)).putHeader("Content-Type", "text/xml").sendBuffer(body)
      .map(AssetBadInputTest::describe);
  }

  private static String describe(HttpResponse<Buffer> reply) {
    String body = reply.body() == null ? "" : reply.bodyAsString();
    return reply.statusCode() + " " + reply.statusMessage()
      + (body.contains("<string>00000000-0000-0000-0000-000000000000</string>") ? " zero id" : body.isEmpty() ? "" : " " + body);
  }
}
