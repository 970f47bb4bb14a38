package org.hypergrid.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/** The figures of {@link ScaleBench}, printed one line each (the lines bench/scale.sh shows). */
final class ScaleReport {

  /** Friend statuses heard per storm slot (2 * agent + online): how many, and the latest (nanoTime). */
  record Heard(int[] counts, long[] latest) {
  }

  private final ScaleGraph graph;
  private final StringBuilder lines = new StringBuilder();

  ScaleReport(ScaleGraph graph) {
    this.graph = graph;
  }

  void heap(JsonObject heap) {
    line("heap after a full GC with %,d agents online: %d MiB (of %d MiB)", graph.users(),
      heap.getLong("usedAfterFullGc") >> 20, heap.getLong("max") >> 20);
  }

  void idleProbe(long[] latencies) {
    line("statusnotification (1 friend) at the probe rate, idle node: %s", percentiles(latencies));
  }

  void storm(List<ScaleStorm.Op> ops, long[] answered, Heard local, List<Heard> foreign, ScaleStorm.Cpu cpu,
             long[] probes, List<JsonArray> pauses, long online, Path recording) {
    for (boolean login : new boolean[] {true, false}) {
      String what = login ? "login" : "logout";
      List<Integer> mine = java.util.stream.IntStream.range(0, ops.size()).filter(i -> ops.get(i).login() == login)
        .boxed().toList();
      long[] replies = latencies(mine, i -> answered[i] < 0 ? -1 : answered[i] - ops.get(i).dueNanos());
      line("%ss: %,d, %d failed; calls answered: %s", what, mine.size(), failed(replies), percentiles(replies));
      long[] toLocal = latencies(mine, i -> lastOf(local, ops.get(i)));
      line("%s -> last local friend's event (12 each): %s", what, percentiles(toLocal));
      long[] toForeign = latencies(mine, i -> foreign.stream().mapToLong(grid -> lastOf(grid, ops.get(i)))
        .reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : Math.max(a, b)));
      line("%s -> foreign grids' receipt (last of 3 grids, 2 friends each): %s", what, percentiles(toForeign));
      line("%s notifications lost/duplicated: local %s; foreign %s", what,
        lostAndDuplicated(local, ops, mine, ScaleGraph.LOCAL_FRIENDS),
        foreign.stream().map(grid -> lostAndDuplicated(grid, ops, mine, ScaleGraph.FRIENDS_PER_GRID)).toList());
    }
    long logins = ops.stream().filter(ScaleStorm.Op::login).count();
    line("processor time per login (with its logout): node JVM(s) %.2f ms, their PostgreSQL %.2f ms; foreign grids"
        + " %.2f ms (JVMs) + %.2f ms (PostgreSQL), load generator %.2f ms; over the storm and its tail (%.0f s) these"
        + " used %.0f%% of the machine's %d cores", cpu.nodes() / 1e6 / logins, cpu.store() / 1e6 / logins,
      cpu.foreign() / 1e6 / logins, cpu.foreignStore() / 1e6 / logins, cpu.load() / 1e6 / logins, cpu.wall() / 1e9,
      100.0 * cpu.total(), Runtime.getRuntime().availableProcessors());
    line("statusnotification (1 friend) at the probe rate, during the storm: %s", percentiles(probes));
    Map<String, long[]> byCollector = new TreeMap<>();
    pauses.forEach(pause -> {
      long[] sum = byCollector.computeIfAbsent(pause.getString(2), k -> new long[3]);
      sum[0]++;
      sum[1] += pause.getLong(1);
      sum[2] = Math.max(sum[2], pause.getLong(1));
    });
    line("GC during the storm (node JVMs): %s", byCollector.isEmpty() ? "none" : byCollector.entrySet().stream()
      .map(e -> String.format("%s: %d, total %d ms, longest %d ms", e.getKey(), e.getValue()[0], e.getValue()[1],
        e.getValue()[2])).toList());
    line("online at the end: %,d (expected %,d)", online, graph.users() - graph.rate());
    line("flight recording of the storm (first node; storm-node1.jfr for the second): %s", recording);
  }

  void departure(long left, long online, long expected, double droppedSeconds, long told, double toldSeconds) {
    line("second node killed with %,d agents: the survivor counts %,d online (expected %,d) after %.1f s;"
        + " %,d friend statuses heard here and on the foreign grids, the last %.1f s after the kill", left, online,
      expected, droppedSeconds, told, toldSeconds);
  }

  /** The first node's processor time over the storm by thread, the busiest first. */
  void threads(Map<String, Long> byThread) {
    line("node threads' processor time over the storm: %s", byThread.entrySet().stream()
      .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
      .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue() / 1e9)).toList());
  }

  /** The latest time one of these processes heard the op's agent's status, minus when the op was due; -1 if never. */
  private static long lastOf(Heard heard, ScaleStorm.Op op) {
    long latest = heard.latest()[2 * op.agent() + (op.login() ? 1 : 0)];
    return latest == 0 ? -1 : latest - op.dueNanos();
  }

  private static String lostAndDuplicated(Heard heard, List<ScaleStorm.Op> ops, List<Integer> mine, int expected) {
    long lost = 0;
    long duplicated = 0;
    for (int i : mine) {
      ScaleStorm.Op op = ops.get(i);
      int count = heard.counts()[2 * op.agent() + (op.login() ? 1 : 0)];
      lost += Math.max(0, expected - count);
      duplicated += Math.max(0, count - expected);
    }
    return lost + "/" + duplicated + " of " + (long) expected * mine.size();
  }

  private static long[] latencies(List<Integer> indexes, ToLongFunction<Integer> latency) {
    return indexes.stream().mapToLong(latency).toArray();
  }

  private static long failed(long[] latencies) {
    return Arrays.stream(latencies).filter(l -> l < 0).count();
  }

  /** p50/p99/p999/max in ms of the answered (non-negative) latencies, in ns. */
  static String percentiles(long[] latencies) {
    long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
    if (ok.length == 0) {
      return "none answered";
    }
    return String.format("p50 %.1f ms, p99 %.1f ms, p999 %.1f ms, max %.1f ms (%,d samples%s)",
      LoadGenerator.percentile(ok, 0.50) / 1e6, LoadGenerator.percentile(ok, 0.99) / 1e6,
      LoadGenerator.percentile(ok, 0.999) / 1e6, ok[ok.length - 1] / 1e6, ok.length,
      ok.length < latencies.length ? ", " + (latencies.length - ok.length) + " missing" : "");
  }

  private void line(String format, Object... args) {
    String line = String.format(format, args);
    lines.append(line).append('\n');
    System.out.println(line);
  }

  void print() {
    System.out.println("-- summary");
    System.out.print(lines);
  }
}
