package org.hypergrid.assets;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default asset sets a simulator expects, loaded at start as OpenSim's {@code AssetLoaderArgs}
 * loads them: each listed asset stored if missing, with the file's bytes; a broken set stops the
 * start and names the file.
 */
class DefaultAssetSetsTest {

  static final Path SETS = Path.of("src/test/resources/assetsets/AssetSets.xml");
  static final String BLANK = "5748decc-f629-461c-9a36-a35a221fe21f";
  static final String PLYWOOD = "89556747-24cb-43ed-920b-47caed15465f";
  static final String WELCOME = "a0000000-0000-0000-0000-0000000000a1";

  @Test
  void everyListedAssetIsThereWithItsFilesBytesAndARestartChangesNothing() throws Exception {
    JsonObject config = TestGrid.assetServer("Assets");
    config.put("assets", new JsonObject().put("loaderArgs", SETS.toString()));
    String after;
    try (TestGrid grid = TestGrid.start(config)) {
      assertArrayEquals(Files.readAllBytes(Path.of("src/test/resources/assetsets/TestTextures/plywood.jp2")),
        data(grid, PLYWOOD).body().getBytes(), "the file's bytes");
      assertArrayEquals(Files.readAllBytes(Path.of("src/test/resources/assetsets/welcome.txt")),
        data(grid, WELCOME).body().getBytes());
      String metadata = await(grid.http.getAbs(grid.privateUrl("/assets/" + BLANK + "/metadata")).send()).bodyAsString();
      assertTrue(metadata.contains("<Name>Blank</Name>") && metadata.contains("<Type>0</Type>"), metadata);
      assertTrue(await(grid.http.getAbs(grid.privateUrl("/assets/" + WELCOME + "/metadata")).send()).bodyAsString()
        .contains("<Type>7</Type>"));
      after = grid.snapshotOf("assets");
    }
    try (TestGrid again = TestGrid.start(config)) {
      assertEquals(after, again.snapshotOf("assets"), "every row as it was");
      assertEquals(3L, await(again.sql().query("SELECT count(*) FROM assets").execute()).iterator().next().getLong(0),
        "a second start stores nothing twice");
    }
  }

  @Test
  void aSetNamingAMissingFileStopsTheStartAndSaysWhich() {
    JsonObject config = TestGrid.assetServer("Assets");
    config.put("assets", new JsonObject().put("loaderArgs", "src/test/resources/assetsets-broken/AssetSets.xml"));
    Exception refused = assertThrows(Exception.class, () -> TestGrid.start(config).close());
    assertTrue(String.valueOf(refused.getMessage()).contains("no-such-file.jp2"), String.valueOf(refused.getMessage()));
  }

  private static HttpResponse<Buffer> data(TestGrid grid, String id) {
    HttpResponse<Buffer> reply = await(grid.http.getAbs(grid.privateUrl("/assets/" + id + "/data")).send());
    assertEquals(200, reply.statusCode(), id);
    return reply;
  }
}
