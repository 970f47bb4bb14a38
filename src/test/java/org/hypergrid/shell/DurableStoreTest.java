package org.hypergrid.shell;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.fredUui;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The default store: PostgreSQL started by the process, data kept across a stop and a start. */
class DurableStoreTest {

  @Test
  void friendshipsSurviveARestartOfTheEmbeddedStore(@TempDir Path dataDir) {
    JsonObject config = TestGrid.config("Durable", new JsonArray());
    config.put("storage", new JsonObject().put("dataDir", dataDir.resolve("pg").toString()));

    try (TestGrid first = TestGrid.start(config)) {
      JsonObject database = await(first.http.getAbs(first.privateUrl("/health")).send()).bodyAsJsonObject()
        .getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> "database".equals(check.getString("id"))).findFirst().orElseThrow().getJsonObject("data");
      assertEquals(new JsonObject().put("fsync", "on").put("synchronous_commit", "on"), database,
        "the embedded store does not trade committed data for speed");
      HttpResponse<Buffer> stored = await(first.http.postAbs(first.privateUrl("/services/friends/storeFriend"))
        .sendJsonObject(new JsonObject().put("principalId", ALICE).put("friend", fredUui("1a2b3c4d")).put("flags", 1)));
      assertEquals(200, stored.statusCode(), stored.bodyAsString());
    }
    try (TestGrid second = TestGrid.start(config)) {
      HttpResponse<Buffer> friends = await(second.http.postAbs(second.privateUrl("/services/friends/getFriends"))
        .sendJsonObject(new JsonObject().put("principalId", ALICE)));
      assertEquals(200, friends.statusCode());
      JsonArray rows = friends.bodyAsJsonObject().getJsonArray("result");
      assertEquals(1, rows.size());
      assertEquals(fredUui("1a2b3c4d"), rows.getJsonObject(0).getString("friend"));
    }
  }
}
