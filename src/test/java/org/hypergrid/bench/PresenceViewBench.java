package org.hypergrid.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.runtime.ClusterView;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The presence view with many agents online, in one process: the heap each session costs (after
 * a full GC), how long recording them takes, and the O(agents) passes operators and failover
 * make — the operator page's latest agents and agents per region, and dropping the sessions of a
 * node that left (half of them). Half the sessions are owned by each of two nodes, spread over
 * 50,000 regions; one in six is a visitor from one of three foreign grids.
 * Arguments: sessions
 */
public final class PresenceViewBench {

  static final int REGIONS = 50_000;

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    PresenceView view = new PresenceView(vertx, ClusterView.of(vertx), 3_000, 2_000, 5, new SimpleMeterRegistry());
    String[] regions = new String[REGIONS];
    for (int i = 0; i < REGIONS; i++) {
      regions[i] = String.format("71000000-0000-0000-0000-%012d", i);
    }
    String[] homes = {"http://grid-a.example:8002/", "http://grid-b.example:8002/", "http://grid-c.example:8002/"};
    long before = RegionsBench.heapAfterGc();
    long started = System.nanoTime();
    long now = System.currentTimeMillis();
    // Random agent ids, as a grid's are: ids in sequence hash in sequence, which lays a hash map's
    // entries out in memory in the order its passes walk them, and flatters those passes.
    for (int i = 0; i < count; i++) {
      view.learn(UUID.randomUUID(), UUID.randomUUID(), regions[i % REGIONS],
        i % 2 == 0 ? "node-a" : "node-b", now + i, i % 6 == 0 ? homes[i % 3] : null);
    }
    double recordS = (System.nanoTime() - started) / 1e9;
    long after = RegionsBench.heapAfterGc();
    System.out.printf("sessions: %,d in %,d regions, recorded in %.1f s (%,.0f a second, one thread)%n", view.size(),
      REGIONS, recordS, count / recordS);
    System.out.printf("heap after full GC: %,d MiB with the sessions, %,d MiB before; per session: %d bytes%n",
      after >> 20, before >> 20, (after - before) / count);
    time("latest 100 agents (the operator page)", () -> view.latest(100));
    Set<String> page = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      page.add(regions[i * 1_000]);
    }
    time("agents in a page of 12 regions (the operator page)", () -> view.agentsIn(page));
    long dropStarted = System.nanoTime();
    int dropped = view.dropNode("node-b").size();
    System.out.printf("%-52s %,8.0f ms (%,d sessions of a node that left)%n", "drop a departed node's sessions",
      (System.nanoTime() - dropStarted) / 1e6, dropped);
    System.out.printf("sessions left: %,d%n", view.size());
    vertx.close().await();
    System.exit(0);
  }

  private static void time(String what, Runnable pass) {
    pass.run(); // warm
    long started = System.nanoTime();
    int runs = 10;
    for (int i = 0; i < runs; i++) {
      pass.run();
    }
    System.out.printf("%-52s %,8.1f ms a pass%n", what, (System.nanoTime() - started) / 1e6 / runs);
  }
}
