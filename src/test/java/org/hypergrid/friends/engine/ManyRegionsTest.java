package org.hypergrid.friends.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.engine.Region;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node with 2,000 regions starts on a pool of 4 connections: regions are claimed in batches, not
 * with queries of their own, and shards deploy a few at a time. (50,000 is measured in bench/.)
 */
class ManyRegionsTest {

  static final int REGIONS = 2_000;

  @Test
  void aNodeWithTwoThousandRegionsStartsAndEachAnswers() {
    JsonArray regions = new JsonArray();
    for (int i = 0; i < REGIONS; i++) {
      regions.add(TestGrid.region(String.format("70000000-0000-0000-0000-%012d", i), "Region " + i)
        .put("x", 1000 + i % 100).put("y", 1000 + i / 100));
    }
    JsonObject config = TestGrid.config("Big grid", regions);
    config.put("regionHost", new JsonObject().put("shardSize", 250));
    try (TestGrid grid = TestGrid.start(config)) {
      assertEquals(REGIONS, await(grid.http.getAbs(grid.privateUrl("/regions")).send()).bodyAsJsonArray().size());
      JsonObject presence = health(grid);
      assertEquals(REGIONS, presence.getInteger("regions"), "every region is served here");
      assertEquals(REGIONS / 250, presence.getInteger("shards"));
      Random random = new Random(6);
      for (int i = 0; i < 20; i++) {
        String region = String.format("70000000-0000-0000-0000-%012d", random.nextInt(REGIONS));
        String agent = String.format("71000000-0000-0000-0000-%012d", i);
        assertEquals(region, grid.login(region, agent).getString("regionId"));
      }
      assertEquals(20, health(grid).getInteger("agentsHostedHere"));
    }
  }

  private static JsonObject health(TestGrid grid) {
    JsonObject health = await(grid.http.getAbs(grid.privateUrl("/health")).send()).bodyAsJsonObject();
    for (Object check : health.getJsonArray("checks")) {
      if ("presence".equals(((JsonObject) check).getString("id"))) {
        return ((JsonObject) check).getJsonObject("data");
      }
    }
    throw new AssertionError("no presence check in " + health);
  }
}
