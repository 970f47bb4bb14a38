package org.hypergrid.friends.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A region the registry says is held by a node that is gone (its shard was lost: two nodes died
 * together) is served again by a live node that takes such regions, through the normal claim,
 * without an operator.
 */
class RegionRescueTest {

  static final String LOST = "c2000000-0000-0000-0000-000000000001";

  @Test
  void aRegionWhoseOwnerIsGoneIsServedAgain() {
    JsonObject config = TestGrid.config("Rescuing grid", new JsonArray());
    config.put("regionHost", new JsonObject().put("rescueCheckMs", 300));
    try (TestGrid grid = TestGrid.start(config)) {
      RegionInfo lost = new RegionInfo().setRegionId(LOST).setName("Lost").setLocX(3000).setLocY(3000);
      assertEquals(List.of(LOST), await(grid.grid().claimRegions(List.of(lost), "gone-node", List.of("gone-node"))),
        "a node that is gone now holds it, and no shard serves it");
      await(TestGrid.until(grid.vertx, Duration.ofSeconds(10), () -> grid.http
        .getAbs(grid.privateUrl("/regions/" + LOST + "/agents")).send().map(reply -> reply.statusCode() == 200),
        "the region serves again"));
      assertNotEquals("gone-node", await(grid.grid().getRegion(LOST)).getOwnerNode(), "the registry names its new owner");
      assertEquals(200, await(grid.http.postAbs(grid.privateUrl("/regions/" + LOST + "/agents"))
        .sendJsonObject(new JsonObject().put("agentId", "c2000000-0000-0000-0000-0000000000aa"))).statusCode(),
        "and logins there work");
    }
  }
}
