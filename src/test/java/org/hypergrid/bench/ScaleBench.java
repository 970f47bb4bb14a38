package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.hypergrid.support.TestGrid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A million agents online on one node, and a storm of logins and logouts: the load process of
 * {@code bench/scale.sh}. It starts our grid (one node, or two clustered nodes sharing the first
 * one's store) and three foreign grids, each a JVM of its own ({@link ScaleGridProcess}); brings
 * every agent online; measures the heap, the statusnotification reply when idle; then runs the
 * storm on an open-loop schedule ({@code rate} logins and {@code rate} logouts a second for
 * {@code seconds} s) with statusnotifications at {@code probeRate} beside it, and prints what
 * {@link ScaleReport} makes of it.
 * Arguments: outDir users regions foreignUsers rate seconds probeRate nodes [departure]; with
 * "departure", {@link ScaleDeparture} runs instead.
 */
public final class ScaleBench {

  static final int ONLINE_CONCURRENCY = 256;
  static final int IDLE_PROBE_SECONDS = 10;

  private final Path out;
  private final ScaleGraph graph;
  private final int probeRate;
  private final int nodes;
  private final List<Process> processes = new ArrayList<>();
  private final List<JsonObject> members = new ArrayList<>();
  private final List<JsonObject> grids = new ArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);

  private ScaleBench(Path out, ScaleGraph graph, int probeRate, int nodes) {
    this.out = out;
    this.graph = graph;
    this.probeRate = probeRate;
    this.nodes = nodes;
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    ScaleGraph graph = new ScaleGraph(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
      Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    ScaleBench bench = new ScaleBench(out, graph, Integer.parseInt(args[6]), Integer.parseInt(args[7]));
    // Also when the bench is interrupted: no grid process, and no PostgreSQL of theirs, outlives it.
    Runtime.getRuntime().addShutdownHook(new Thread(bench::cleanUp, "scale-clean-up"));
    if (args.length > 8 && args[8].equals("departure")) {
      bench.startGrids();
      new ScaleDeparture(bench).run(bench.processes.get(1));
    } else {
      bench.run();
    }
    System.exit(0);
  }

  /**
   * Kills every process started (a graceful stop would tell the friends of a million agents) and
   * stops their embedded PostgreSQL servers, which a killed node leaves running.
   */
  private void cleanUp() {
    processes.forEach(Process::destroyForcibly);
    processes.forEach(process -> process.onExit().join());
    try (Stream<Path> stores = Files.list(out)) {
      stores.map(dir -> dir.resolve("postmaster.pid")).filter(Files::exists).forEach(pidFile -> {
        try {
          ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim())).ifPresent(ProcessHandle::destroy);
        } catch (IOException | RuntimeException e) {
          System.err.println("could not stop the PostgreSQL of " + pidFile.getParent() + ": " + e.getMessage());
        }
      });
    } catch (IOException e) {
      System.err.println("could not look for PostgreSQL servers left in " + out + ": " + e.getMessage());
    }
  }

  private void run() throws Exception {
    System.out.printf("population: %,d users in %,d regions on %d node(s), 12 local friends each and 2 on each of"
        + " 3 foreign grids of %,d users; storm %,d logins and %,d logouts a second for %d s%n", graph.users(),
      graph.regions(), nodes, graph.foreignUsers(), graph.rate(), graph.rate(), graph.seconds());
    startGrids();
    ScaleLoad load = new ScaleLoad(vertx, graph, region -> memberOfRegion(region).getString("privateUrl"));
    ScaleReport report = new ScaleReport(graph);
    bringOnline(load);
    report.heap(get(members.get(0), "/heap").bodyAsJsonObject());
    report.idleProbe(join(ScaleStorm.probeRun(load, this, probeRate, IDLE_PROBE_SECONDS)));
    ScaleStorm storm = new ScaleStorm(graph, load, this, probeRate);
    storm.run(report);
    if (nodes > 1) {
      departure(report);
    }
    report.print();
  }

  /** Our node(s) first, each loading its store before the next starts; then the foreign grids at once. */
  private void startGrids() throws Exception {
    String cluster = "scale-" + ProcessHandle.current().pid();
    List<JsonObject> gridSpecs = new ArrayList<>();
    for (int g = 0; g < ScaleGraph.GRIDS; g++) {
      gridSpecs.add(ports(new JsonObject(), "grid" + g));
    }
    JsonArray foreignHomes = new JsonArray(gridSpecs.stream().map(spec -> spec.getString("home")).toList());
    int storePort = TestGrid.freePort();
    String ourHome = null;
    for (int n = 0; n < nodes; n++) {
      int perNode = graph.regions() / nodes;
      JsonObject me = ports(new JsonObject(), "node" + n).put("storePort", storePort).put("loads", n == 0)
        .put("firstRegion", n * perNode).put("regionCount", n == nodes - 1 ? graph.regions() - n * perNode : perNode);
      ourHome = ourHome == null ? me.getString("home") : ourHome;
      JsonObject spec = new JsonObject().put("graph", graph.toJson()).put("role", nodes == 1 ? "node" : "member")
        .put("clustered", nodes > 1).put("cluster", cluster).put("me", me.put("home", ourHome))
        .put("foreignHomes", foreignHomes);
      Path readyFile = start("node" + n, spec, System.getProperty("scale.nodeJavaOpts", ""));
      JsonObject ready = awaitReady(readyFile, processes.get(processes.size() - 1));
      members.add(ready);
      System.out.printf("node %d: regions served in %.1f s%s%n", n, ready.getDouble("startSeconds"),
        ready.containsKey("rows") ? String.format("; bulk load of %,d rows (users, both rows of every friendship)"
          + " in %.1f s", ready.getLong("rows"), ready.getDouble("loadSeconds")) : "");
    }
    List<Process> launched = new ArrayList<>();
    List<Path> readyFiles = new ArrayList<>();
    for (int g = 0; g < ScaleGraph.GRIDS; g++) {
      JsonObject me = gridSpecs.get(g).put("storePort", TestGrid.freePort());
      JsonObject spec = new JsonObject().put("graph", graph.toJson()).put("role", "grid").put("grid", g)
        .put("me", me).put("ourHome", ourHome);
      readyFiles.add(start("grid" + g, spec, System.getProperty("scale.gridJavaOpts", "")));
      launched.add(processes.get(processes.size() - 1));
    }
    for (int g = 0; g < ScaleGraph.GRIDS; g++) {
      JsonObject ready = awaitReady(readyFiles.get(g), launched.get(g));
      grids.add(ready);
      System.out.printf("foreign grid %d: bulk load of %,d rows in %.1f s, %,d users online in %.1f s%n", g,
        ready.getLong("rows"), ready.getDouble("loadSeconds"), graph.foreignUsers(),
        ready.getDouble("foreignLoginSeconds"));
    }
  }

  private JsonObject ports(JsonObject me, String name) {
    int publicPort = TestGrid.freePort();
    return me.put("publicPort", publicPort).put("privatePort", TestGrid.freePort())
      .put("home", "http://127.0.0.1:" + publicPort + "/").put("dataDir", out.resolve(name + "-store").toString());
  }

  /** Starts a grid's JVM; returns the file it writes once ready. */
  private Path start(String name, JsonObject spec, String javaOpts) throws IOException {
    Path specFile = out.resolve(name + ".json");
    Path ready = out.resolve(name + ".ready");
    Files.writeString(specFile, spec.encodePrettily());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.stream(javaOpts.trim().split("\\s+")).filter(opt -> !opt.isEmpty())
      .map(opt -> opt.replace("{name}", name)).toList());
    command.addAll(List.of("-Dhazelcast.logging.type=slf4j", "-cp", System.getProperty("java.class.path"),
      ScaleGridProcess.class.getName(), specFile.toString(), ready.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(out.resolve(name + ".log").toFile()).start();
    processes.add(process);
    return ready;
  }

  private static JsonObject awaitReady(Path ready, Process process) throws Exception {
    while (!Files.exists(ready)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("a grid's JVM ended with " + process.exitValue() + " before it was ready");
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    return new JsonObject(Files.readString(ready));
  }

  /** Every agent logs in once, {@value #ONLINE_CONCURRENCY} at a time; then waits for every node to count them. */
  private void bringOnline(ScaleLoad load) {
    long start = System.nanoTime();
    join(load.closedLoop(graph.users(), ONLINE_CONCURRENCY, agent -> load.login(agent, 0)));
    double answered = (System.nanoTime() - start) / 1e9;
    long counted = awaitOnline(graph.users());
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("online: %,d agents (every node counts %,d) in %.1f s (logins answered in %.1f s):"
        + " %,.0f logins/s; %d failed%n", graph.users(), counted, seconds, answered, graph.users() / seconds,
      load.failures.get());
    quiesce();
    long lastHeard = allObservers().mapToLong(process -> events(process).getLong("last")).max().orElse(start);
    System.out.printf("online: the last friend status of those logins was heard %.1f s after the first login%n",
      (lastHeard - start) / 1e9);
  }

  /**
   * The second node is killed (SIGKILL, no goodbye): the time until the survivor has dropped its
   * sessions, and until the last of their friends here and on the foreign grids heard they left.
   */
  private void departure(ScaleReport report) {
    JsonObject survivor = members.get(0);
    JsonObject dead = members.get(1);
    long stayed = 0;
    long left = 0;
    int perNode = graph.regions() / nodes;
    int offlineFrom = graph.seconds() * graph.rate();
    for (int agent = 0; agent < graph.users(); agent++) {
      if (agent >= offlineFrom && agent < graph.stormAgents()) {
        continue; // the storm's last group is offline
      }
      if (agent % graph.regions() < perNode) {
        stayed++;
      } else {
        left++;
      }
    }
    long heardBefore = heardByAllBut(dead);
    long start = System.nanoTime();
    processes.get(1).destroyForcibly();
    dead.put("gone", true);
    long deadline = start + TimeUnit.MINUTES.toNanos(10);
    while (onlineCount(survivor) != stayed && System.nanoTime() < deadline) {
      join(vertx.timer(50));
    }
    double dropped = (System.nanoTime() - start) / 1e9;
    // Taking half a million sessions from the journal takes a while before the first friend is
    // told: wait for that, then for the telling to go quiet (its batches wait on the store).
    while (heardByAllBut(dead) == heardBefore && System.nanoTime() < deadline) {
      join(vertx.timer(200));
    }
    quiesce(10);
    List<JsonObject> heard = allObservers().map(this::events).toList();
    long told = heard.stream().mapToLong(events -> events.getLong("count")).sum() - heardBefore;
    double lastTold = (heard.stream().mapToLong(events -> events.getLong("last")).max().orElse(start) - start) / 1e9;
    report.departure(left, onlineCount(survivor), stayed, dropped, told, lastTold);
  }

  /** Waits until every node's presence view holds {@code expected} agents (or 60 s); the first node's count. */
  long awaitOnline(long expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      List<Long> counts = members.stream().map(this::onlineCount).toList();
      if (counts.stream().allMatch(count -> count == expected) || System.nanoTime() > deadline) {
        if (counts.stream().distinct().count() > 1) {
          System.out.println("  presence counts differ between nodes: " + counts);
        }
        return counts.get(0);
      }
      join(vertx.timer(200));
    }
  }

  long onlineCount(JsonObject member) {
    JsonObject health = get(member, "/health").bodyAsJsonObject();
    for (Object check : health.getJsonArray("checks")) {
      JsonObject data = ((JsonObject) check).getJsonObject("data");
      if (data != null && data.containsKey("agentsOnlineInGrid")) {
        return data.getLong("agentsOnlineInGrid");
      }
    }
    throw new IllegalStateException("no presence count in " + health);
  }

  /** Waits until no grid hears any more friend statuses for 1.5 s: the last notifications have landed. */
  /** Friend statuses heard so far by every process but {@code dead}. */
  private long heardByAllBut(JsonObject dead) {
    return allObservers().filter(process -> process != dead).mapToLong(process -> events(process).getLong("count"))
      .sum();
  }

  /** Waits until no friend status has been heard for 1.5 s. */
  void quiesce() {
    quiesce(3);
  }

  /** Waits until no friend status has been heard in {@code readings} readings half a second apart. */
  void quiesce(int readings) {
    long last = -1;
    int still = 0;
    while (still < readings) {
      long now = allObservers().mapToLong(observer -> events(observer).getLong("count")).sum();
      still = now == last ? still + 1 : 0;
      last = now;
      join(vertx.timer(500));
    }
  }

  /** Friend statuses heard per storm slot, summed over these processes: counts and the latest time. */
  ScaleReport.Heard heard(Stream<JsonObject> processes) {
    int slots = 2 * graph.stormAgents();
    int[] counts = new int[slots];
    long[] latest = new long[slots];
    processes.forEach(process -> {
      Buffer buffer = control(process, "/heard");
      for (int slot = 0; slot < slots; slot++) {
        counts[slot] += buffer.getInt(slot * 12);
        latest[slot] = Math.max(latest[slot], buffer.getLong(slot * 12 + 4));
      }
    });
    return new ScaleReport.Heard(counts, latest);
  }

  /** Friend statuses a grid's JVM has heard: how many, and the latest (nanoTime). */
  JsonObject events(JsonObject process) {
    return new JsonObject(control(process, "/events"));
  }

  /** The grids' JVMs still running. */
  Stream<JsonObject> allObservers() {
    return Stream.concat(members.stream(), grids.stream()).filter(process -> !process.getBoolean("gone", false));
  }

  List<JsonObject> members() {
    return members;
  }

  List<JsonObject> grids() {
    return grids;
  }

  String ourPublicUrl() {
    return members.get(0).getString("publicUrl");
  }

  String ourHome() {
    return ourPublicUrl() + "/";
  }

  JsonObject memberOfRegion(int region) {
    int perNode = graph.regions() / nodes;
    return members.get(Math.min(nodes - 1, region / perNode));
  }

  Buffer control(JsonObject process, String path) {
    return join(web.getAbs(process.getString("controlUrl") + path).timeout(120_000).send()).body();
  }

  private io.vertx.ext.web.client.HttpResponse<Buffer> get(JsonObject member, String path) {
    String base = path.equals("/health") ? member.getString("privateUrl") : member.getString("controlUrl");
    return join(web.getAbs(base + path).timeout(120_000).send());
  }

  ScaleGraph graph() {
    return graph;
  }

  Vertx vertx() {
    return vertx;
  }

  Path out() {
    return out;
  }

  static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
