package org.hypergrid.security;

import io.vertx.core.json.JsonArray;
import org.hypergrid.support.Fuzz;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few thousand structured random requests to every public endpoint (fixed seed): none gets a
 * 5xx, none hangs (each has 10 s), and no stored row changes. bench/fuzz.sh runs 100,000.
 */
class FuzzTest {

  static final int REQUESTS = 3_000;

  @Test
  void randomRequestsGetNo5xxNoHangAndChangeNoRow() {
    try (TestGrid grid = TestGrid.start(TestGrid.config("Fuzzed grid", new JsonArray()
      .add(TestGrid.region("10000000-0000-0000-0000-000000000001", "Welcome"))))) {
      Hypergrid.account(grid, ALICE, "Alice", "Smith");
      Hypergrid.foreignFriend(grid, ALICE, fredUui("1a2b3c4d"));
      grid.login("10000000-0000-0000-0000-000000000001", ALICE);
      String before = grid.snapshot();
      Map<Integer, Integer> byStatus = Fuzz.send(grid, new Fuzz(20261203L, List.of(ALICE, BOB, FRED)), REQUESTS);
      System.out.println("fuzz: " + REQUESTS + " requests, answers by HTTP status " + byStatus);
      assertTrue(byStatus.keySet().stream().allMatch(status -> status < 500), "no 5xx: " + byStatus);
      assertEquals(REQUESTS, byStatus.values().stream().mapToInt(Integer::intValue).sum(), "every request answered");
      assertEquals(before, grid.snapshot(), "no stored row changed");
    }
  }
}
