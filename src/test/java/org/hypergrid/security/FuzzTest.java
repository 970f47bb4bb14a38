package org.hypergrid.security;

import org.hypergrid.support.Fuzz;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.Map;

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
    try (TestGrid grid = Fuzz.target()) {
      String before = grid.snapshot();
      Map<Integer, Integer> byStatus = Fuzz.send(grid, Fuzz.forTarget(20261203L), REQUESTS);
      System.out.println("fuzz: " + REQUESTS + " requests, answers by HTTP status " + byStatus);
      assertTrue(byStatus.keySet().stream().allMatch(status -> status < 500), "no 5xx: " + byStatus);
      assertEquals(REQUESTS, byStatus.values().stream().mapToInt(Integer::intValue).sum(), "every request answered");
      assertEquals(before, grid.snapshot(), "no stored row changed");
    }
  }
}
