package org.hypergrid.bench;

import org.hypergrid.support.Fuzz;
import org.hypergrid.support.TestGrid;

import java.util.Map;


/**
 * The fuzz test at scale: a grid on a real PostgreSQL, the given number of structured random
 * requests to its public endpoints. Prints answers by status, 5xx count, whether any stored row
 * changed, and the time taken. Arguments: requests seed
 */
public final class FuzzBench {

  public static void main(String[] args) {
    int requests = Integer.parseInt(args[0]);
    long seed = Long.parseLong(args[1]);
    try (TestGrid grid = Fuzz.target()) {
      String before = grid.snapshot();
      long start = System.nanoTime();
      Map<Integer, Integer> byStatus = Fuzz.send(grid, Fuzz.forTarget(seed), requests);
      double seconds = (System.nanoTime() - start) / 1e9;
      long fivexx = byStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
      System.out.printf("fuzz: %d requests (seed %d) in %.1f s; answers by status %s; 5xx: %d; stored rows changed: %s%n",
        requests, seed, seconds, byStatus, fivexx, before.equals(grid.snapshot()) ? "no" : "YES");
    }
    System.exit(0);
  }
}
