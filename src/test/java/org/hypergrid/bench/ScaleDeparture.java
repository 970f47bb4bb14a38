package org.hypergrid.bench;

import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The telling part of a node's death with many agents, without first bringing them all online:
 * {@code bench/departure.sh}. Two clustered nodes and three foreign grids start as for
 * {@link ScaleBench}; every user of the graph is written into the session journal as held by the
 * second node (what it holds after its agents logged in, in one COPY); then the second node is
 * killed with SIGKILL. The survivor fences it, takes its journal entries and tells their friends,
 * as it does after any death. Every agent's friends here are offline, so what is told is the 6
 * statuses each agent owes the foreign grids (2 friends on each of 3). Prints when the first and
 * the last were heard, the rate along the way, and lost or duplicated statuses per agent.
 */
final class ScaleDeparture {

  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(60);

  private final ScaleBench bench;
  private final ScaleGraph graph;

  ScaleDeparture(ScaleBench bench) {
    this.bench = bench;
    this.graph = bench.graph();
  }

  void run(Process secondNode) throws Exception {
    JsonObject survivor = bench.members().get(0);
    JsonObject dead = bench.members().get(1);
    long copyStart = System.nanoTime();
    long rows;
    try (ScaleStore store = new ScaleStore(ScaleGridProcess.storeUri(survivor.getInteger("storePort")))) {
      rows = store.copy("session_journal", "agent_id, session_id, node_id", journal -> {
        for (int i = 0; i < graph.users(); i++) {
          journal.add(ScaleGraph.user(i), UUID.randomUUID().toString(), dead.getString("nodeId"));
        }
      });
      store.execute("VACUUM ANALYZE session_journal");
    }
    System.out.printf("journal: %,d sessions of the second node written in %.1f s%n", rows,
      (System.nanoTime() - copyStart) / 1e9);
    bench.grids().forEach(grid -> bench.control(grid, "/reset"));
    long expected = (long) graph.users() * ScaleGraph.GRIDS * ScaleGraph.FRIENDS_PER_GRID;
    long before = heard();
    long killed = System.nanoTime();
    secondNode.destroyForcibly();
    secondNode.onExit().join();
    dead.put("gone", true);
    ScaleStorm.Cpu cpuBefore = ScaleStorm.Cpu.now(bench);
    long deadline = killed + DEADLINE_NANOS;
    long told = 0;
    long firstAt = 0;
    long progressAt = killed;
    long progressCount = 0;
    long changedAt = killed;
    // Until all are heard, or nothing more is heard for a while.
    while (told < expected && System.nanoTime() < deadline && System.nanoTime() - changedAt < PROGRESS_NANOS) {
      ScaleBench.join(bench.vertx().timer(1_000));
      long now = System.nanoTime();
      long count = heard() - before;
      if (count != told) {
        changedAt = now;
        told = count;
      }
      if (told > 0 && firstAt == 0) {
        firstAt = now;
        System.out.printf("departure: the first status heard %.1f s after the kill%n", (now - killed) / 1e9);
      }
      if (now - progressAt >= PROGRESS_NANOS) {
        System.out.printf("departure: %,d of %,d statuses heard after %.0f s (%,.0f a second over the last %.0f s)%n",
          told, expected, (now - killed) / 1e9, (told - progressCount) / ((now - progressAt) / 1e9),
          (now - progressAt) / 1e9);
        progressAt = now;
        progressCount = told;
      }
    }
    long lastHeard = bench.grids().stream().mapToLong(grid -> bench.events(grid).getLong("last")).max().orElse(killed);
    double telling = (lastHeard - firstAt) / 1e9;
    System.out.printf("departure: %,d of %,d statuses heard (%,d agents), the last %.1f s after the kill;"
        + " %,.0f statuses (%,.0f agents) a second from the first to the last%n", told, expected, graph.users(),
      (lastHeard - killed) / 1e9, told / telling, told / telling / (ScaleGraph.GRIDS * ScaleGraph.FRIENDS_PER_GRID));
    ScaleStorm.Cpu cpu = ScaleStorm.Cpu.now(bench).minus(cpuBefore);
    System.out.printf("departure: processor time per agent told: survivor JVM %.2f ms, its PostgreSQL %.2f ms,"
        + " foreign grids %.2f ms (JVMs) + %.2f ms (PostgreSQL); machine %.0f %% busy over %.0f s%n",
      cpu.nodes() / 1e6 / graph.users(), cpu.store() / 1e6 / graph.users(), cpu.foreign() / 1e6 / graph.users(),
      cpu.foreignStore() / 1e6 / graph.users(), 100.0 * cpu.total(), cpu.wall() / 1e9);
    String begin = "begin=-" + ((System.nanoTime() - killed) / 1_000_000_000L + 1) + "s";
    String recording = bench.out().resolve("departure.jfr").toAbsolutePath().toString();
    ScaleStorm.jcmd(survivor.getLong("pid"), "JFR.dump", "name=departure", begin, "filename=" + recording);
    // A foreign grid's too, when its JVM records (GRID_JAVA_OPTS with a recording named "departure").
    ScaleStorm.jcmd(bench.grids().get(0).getLong("pid"), "JFR.dump", "name=departure", begin,
      "filename=" + bench.out().resolve("departure-grid0.jfr").toAbsolutePath());
    System.out.println("departure: the survivor's flight recording of it: " + recording);
    lostAndDuplicated();
  }

  /** Friend statuses the foreign grids heard so far. */
  private long heard() {
    return bench.grids().stream().mapToLong(grid -> bench.events(grid).getLong("count")).sum();
  }

  /** Each agent's offline status, counted per grid for the agents the graph watches: two on each. */
  private void lostAndDuplicated() {
    long lost = 0;
    long duplicated = 0;
    for (JsonObject grid : bench.grids()) {
      int[] counts = bench.heard(Stream.of(grid)).counts();
      for (int agent = 0; agent < graph.stormAgents(); agent++) {
        int count = counts[2 * agent];
        lost += Math.max(0, ScaleGraph.FRIENDS_PER_GRID - count);
        duplicated += Math.max(0, count - ScaleGraph.FRIENDS_PER_GRID);
      }
    }
    System.out.printf("departure: lost / duplicated over the first %,d agents on the 3 grids: %,d / %,d%n",
      graph.stormAgents(), lost, duplicated);
  }
}
