package org.hypergrid.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.shell.ServerShellVerticle;
import org.hypergrid.support.ClusterConfig;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Many regions on one node, or on two clustered nodes in this JVM: time until every region is
 * served, heap after a full GC, heap per region, and status deliveries to randomly chosen regions
 * (each must answer; those hosting an agent must reach it).
 * Arguments: dataDir regionsPerNode nodes(1|2)
 */
public final class RegionsBench {

  static final int PROBES = 2_000;
  static final int AGENTS = 200;

  public static void main(String[] args) throws Exception {
    String dataDir = args[0];
    int perNode = Integer.parseInt(args[1]);
    int nodes = Integer.parseInt(args[2]);
    String cluster = "hg-bench-" + UUID.randomUUID();

    List<Vertx> vertxes = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      vertxes.add(nodes == 1 ? Vertx.vertx() : ClusterConfig.node(cluster, "regions"));
    }
    long heapBefore = heapAfterGc();
    List<String> regionIds = new ArrayList<>();
    long started = System.nanoTime();
    List<Future<String>> deployments = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      JsonArray regions = new JsonArray();
      for (int i = 0; i < perNode; i++) {
        String id = String.format("%08x-0000-0000-0000-%012d", 0x90000000L + n, i);
        regionIds.add(id);
        regions.add(new JsonObject().put("id", id).put("name", "Region " + n + "-" + i)
          .put("x", 1000 + i % 250).put("y", 1000 + i / 250));
      }
      deployments.add(vertxes.get(n).deployVerticle(new ServerShellVerticle(),
        new DeploymentOptions().setConfig(config(n, dataDir, regions))));
      if (n == 0) {
        // The services node first: the regions node claims its regions through it.
        await(deployments.get(0));
      }
    }
    for (Future<String> deployment : deployments) {
      await(deployment);
    }
    long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    long heapAfter = heapAfterGc();
    System.out.printf("regions: %d on %d node(s) (%d each)%n", regionIds.size(), nodes, perNode);
    System.out.printf("time to ready: %.1f s%n", readyMs / 1000.0);
    System.out.printf("heap after full GC: %d MiB with the regions, %d MiB before (%s)%n", heapAfter >> 20,
      heapBefore >> 20, nodes == 1 ? "one node" : nodes + " nodes in this JVM");
    System.out.printf("per region: %d bytes%n", (heapAfter - heapBefore) / regionIds.size());

    Vertx caller = vertxes.get(0);
    Random random = new Random(42);
    List<String> hosted = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      String region = regionIds.get(random.nextInt(regionIds.size()));
      String agent = String.format("a%07x-0000-0000-0000-000000000000", i);
      await(region(caller, region).login(agent, null, null));
      hosted.add(region + " " + agent);
    }
    long probeStart = System.nanoTime();
    int answered = 0;
    int reached = 0;
    List<Future<Integer>> probes = new ArrayList<>();
    for (int i = 0; i < PROBES; i++) {
      String region = regionIds.get(random.nextInt(regionIds.size()));
      probes.add(region(caller, region).deliverStatus("b0000000-0000-0000-0000-000000000000", List.of(), true));
    }
    for (String pair : hosted) {
      String[] parts = pair.split(" ");
      probes.add(region(caller, parts[0]).deliverStatus("b0000000-0000-0000-0000-000000000000",
        List.of(parts[1]), true));
    }
    for (Future<Integer> probe : probes) {
      reached += await(probe);
      answered++;
    }
    System.out.printf("status delivery: %d of %d random regions answered, %d of %d hosted agents reached, in %d ms%n",
      answered - hosted.size(), PROBES, reached, hosted.size(),
      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probeStart));
    for (Vertx vertx : vertxes) {
      await(vertx.close());
    }
    System.exit(0);
  }

  static JsonObject config(int node, String dataDir, JsonArray regions) {
    JsonObject config = new JsonObject()
      .put("grid", new JsonObject().put("name", "Bench node " + node).put("homeUri", "http://127.0.0.1:18402/")
        .put("friendsServerUri", "http://127.0.0.1:18402/"))
      .put("regions", regions);
    if (node == 0) {
      config.put("http", new JsonObject().put("private", new JsonObject().put("host", "127.0.0.1").put("port", 18403)
        .put("mounts", new JsonArray().add("health"))));
      config.put("storage", new JsonObject().put("dataDir", dataDir + "/postgres").put("poolSize", 16));
    } else {
      JsonObject bus = new JsonObject().put("via", "bus");
      config.put("http", new JsonObject());
      config.put("services", new JsonObject().put("hgfriends", bus).put("friends", bus).put("presence", bus)
        .put("grid", bus).put("usermanagement", bus));
    }
    return config;
  }

  static RegionService region(Vertx vertx, String regionId) {
    return RegionService.createProxy(vertx, regionId, 10_000);
  }

  static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
  }
}
