package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The storm of {@link ScaleBench}: a lead-in second in which group 0 logs out, then {@code seconds}
 * seconds in which, second s, group s - 1 logs back in and group s logs out, on an open-loop
 * schedule ({@code rate} of each a second, evenly spaced), with statusnotifications at
 * {@code probeRate} beside them. Processor time is read from /proc for every grid JVM and its
 * PostgreSQL; the first node is flight-recorded throughout.
 */
final class ScaleStorm {

  static final long LEAD_NANOS = 200_000_000L;
  private final ScaleGraph graph;
  private final ScaleLoad load;
  private final ScaleBench bench;
  private final int probeRate;

  ScaleStorm(ScaleGraph graph, ScaleLoad load, ScaleBench bench, int probeRate) {
    this.graph = graph;
    this.load = load;
    this.bench = bench;
    this.probeRate = probeRate;
  }

  /** One login or logout of the storm: when it was due, and when it was answered (-1: it failed). */
  record Op(int agent, boolean login, long dueNanos) {
  }

  void run(ScaleReport report) throws Exception {
    bench.allObservers().forEach(observer -> bench.control(observer, "/reset"));
    long start = System.nanoTime() + LEAD_NANOS;
    List<Op> ops = new ArrayList<>();
    long spacing = 1_000_000_000L / graph.rate();
    for (int second = 0; second <= graph.seconds(); second++) {
      for (int j = 0; j < graph.rate(); j++) {
        long due = start + second * 1_000_000_000L + j * spacing;
        if (second > 0) {
          ops.add(new Op((second - 1) * graph.rate() + j, true, due));
        }
        ops.add(new Op(second * graph.rate() + j, false, due + spacing / 2));
      }
    }
    List<ScaleLoad.Scheduled> schedule = ops.stream().map(op -> new ScaleLoad.Scheduled(op.dueNanos(),
      agent -> op.login() ? load.login(agent, 1) : load.logout(agent, 0), op.agent())).toList();
    Path recording = bench.out().resolve("storm.jfr").toAbsolutePath();
    long pid = bench.members().get(0).getLong("pid");
    long stormBegan = System.nanoTime();
    Cpu before = Cpu.now(bench);
    Map<String, Long> threadsBefore = threads(pid);
    Future<long[]> probes = bench.vertx().timer(1_000 + LEAD_NANOS / 1_000_000)
      .compose(t -> probeRun(load, bench, probeRate, graph.seconds()));
    long[] answered = ScaleBench.join(load.openLoop(schedule));
    long[] probeLatencies = ScaleBench.join(probes);
    bench.quiesce();
    Cpu after = Cpu.now(bench);
    Map<String, Long> threadsAfter = threads(pid);
    threadsBefore.forEach((name, time) -> threadsAfter.merge(name, -time, Long::sum));
    report.threads(threadsAfter);
    // Each node records from its start (starting a recording now would recompile much of it, mid-storm):
    // storm.jfr for the first, storm-node1.jfr for the second.
    String begin = "begin=-" + ((System.nanoTime() - stormBegan) / 1_000_000_000L + 1) + "s";
    for (int member = 0; member < bench.members().size(); member++) {
      Path file = member == 0 ? recording : bench.out().resolve("storm-node" + member + ".jfr").toAbsolutePath();
      jcmd(bench.members().get(member).getLong("pid"), "JFR.dump", "name=scale", begin, "filename=" + file);
    }
    report.storm(ops, answered, bench.heard(bench.members().stream()), bench.grids().stream().map(grid ->
      bench.heard(Stream.of(grid))).toList(), after.minus(before), probeLatencies, pauses(start),
      bench.awaitOnline(graph.users() - graph.rate()), recording);
  }

  /** The collector's pauses on every node since the storm began (ms). */
  private List<JsonArray> pauses(long since) {
    List<JsonArray> pauses = new ArrayList<>();
    for (JsonObject member : bench.members()) {
      new JsonArray(bench.control(member, "/pauses")).forEach(pause -> {
        JsonArray row = (JsonArray) pause;
        if (row.getLong(0) >= since) {
          pauses.add(row);
        }
      });
    }
    return pauses;
  }

  /** Statusnotifications at {@code rate} a second for {@code seconds}, open loop; reply latencies in ns (-1: failed). */
  static Future<long[]> probeRun(ScaleLoad load, ScaleBench bench, int rate, int seconds) {
    ScaleGraph graph = bench.graph();
    int steady = graph.users() - graph.stormAgents();
    long start = System.nanoTime() + 10_000_000L;
    List<ScaleLoad.Scheduled> schedule = new ArrayList<>();
    for (int i = 0; i < rate * seconds; i++) {
      int agent = graph.stormAgents() + (int) ((i * 7_919L) % steady);
      schedule.add(new ScaleLoad.Scheduled(start + i * (1_000_000_000L / rate),
        a -> load.statusNotification(bench.ourPublicUrl(), a, bench.ourHome()), agent));
    }
    return load.openLoop(schedule).map(answered -> {
      long[] latencies = new long[answered.length];
      for (int i = 0; i < answered.length; i++) {
        latencies[i] = answered[i] < 0 ? -1 : answered[i] - schedule.get(i).atNanos();
      }
      return latencies;
    });
  }

  static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
      String.valueOf(pid)));
    args.addAll(List.of(command));
    new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
      .waitFor();
  }

  /** Processor time (ns) of the first node's threads, by name with digits folded (GC, compiler, event loops...). */
  static Map<String, Long> threads(long pid) throws IOException {
    Map<String, Long> byName = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        String line;
        try {
          line = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')).replaceAll("\\d+", "#");
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        byName.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L, Long::sum);
      }
    }
    return byName;
  }

  /** Processor time (ns) of our nodes' JVMs, their PostgreSQL, the foreign grids (with theirs) and this JVM. */
  record Cpu(long nodes, long store, long foreign, long foreignStore, long load, long wall) {
    static Cpu now(ScaleBench bench) throws IOException {
      long nodes = 0;
      long store = 0;
      for (JsonObject member : bench.members()) {
        nodes += of(member.getLong("pid"));
        store += ofStore(member);
      }
      long foreign = 0;
      long foreignStore = 0;
      for (JsonObject grid : bench.grids()) {
        foreign += of(grid.getLong("pid"));
        foreignStore += ofStore(grid);
      }
      return new Cpu(nodes, store, foreign, foreignStore, of(ProcessHandle.current().pid()), System.nanoTime());
    }

    /** The grid's PostgreSQL (its postmaster, found by its data directory, and the backends under it). */
    private static long ofStore(JsonObject grid) throws IOException {
      String dataDir = grid.getString("dataDir");
      List<ProcessHandle> postmasters = ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
        .map(line -> line.contains("postgres") && line.contains(dataDir)).orElse(false)).toList();
      long total = 0;
      for (ProcessHandle postmaster : postmasters) {
        total += of(postmaster.pid());
        for (ProcessHandle backend : postmaster.descendants().toList()) {
          total += of(backend.pid());
        }
      }
      return total;
    }

    /** Every process's time together, as a share of the machine's processors over {@link #wall}. */
    double total() {
      return (nodes + store + foreign + foreignStore + load)
        / ((double) wall * Runtime.getRuntime().availableProcessors());
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(nodes - earlier.nodes, store - earlier.store, foreign - earlier.foreign,
        foreignStore - earlier.foreignStore, load - earlier.load, wall - earlier.wall);
    }

    /** User and system time of one process, 0 when it has gone (a PostgreSQL backend that ended). */
    private static long of(long pid) throws IOException {
      String line;
      try {
        line = Files.readString(Path.of("/proc/" + pid + "/stat"));
      } catch (IOException gone) {
        return 0;
      }
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L; // utime, stime (USER_HZ 100)
    }
  }
}
