package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.hypergrid.api.RegionNodeService;
import org.hypergrid.api.RegionService;
import org.hypergrid.region.PresenceView;
import org.hypergrid.region.RegionProtocol;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Latency at a fixed offered load (open loop: requests leave on schedule whether or not earlier
 * ones were answered, and latency counts from the scheduled time), not at saturation.
 * <ol>
 * <li>statusnotification reply latency with 1 verified friend, with 100 friends in 50 regions,
 * and with those 100 plus one in a region that never answers;</li>
 * <li>login on grid A → "online" event on the client address of a friend on grid B, at a
 * steady rate of logins.</li>
 * </ol>
 * Arguments: notificationsPerSecond seconds loginsPerSecond loginSeconds
 */
public final class LatencyBench {

  static final String FOREIGN = "99999999-0000-0000-0000-00000000beef";
  static final String SILENT = "5e000000-0000-0000-0000-000000000000";
  static final int FRIENDS = 100;
  static final int REGIONS = 50;
  /** Seconds each row is measured in a turn (after as long unmeasured, and followed by as long idle). */
  static final int ROUND_SECONDS = 2;

  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    int loginRate = Integer.parseInt(args[2]);
    int loginSeconds = Integer.parseInt(args[3]);
    replies(rate, seconds);
    logins(loginRate, loginSeconds);
    System.exit(0);
  }

  static void replies(int rate, int seconds) throws Exception {
    JsonArray regions = new JsonArray();
    for (int r = 0; r < REGIONS; r++) {
      regions.add(TestGrid.region(String.format("10000000-0000-0000-0000-%012d", r), "Region " + r));
    }
    try (TestGrid grid = TestGrid.start(TestGrid.config("Grid", regions))) {
      List<String> entries = new ArrayList<>();
      for (int i = 0; i <= FRIENDS; i++) {
        String friend = String.format("f0000000-0000-0000-0000-%012d", i);
        String secret = String.format("%08x", i);
        Hypergrid.foreignFriend(grid, friend, FOREIGN + ";http://127.0.0.1:1/;Foreign Friend;" + secret);
        if (i < FRIENDS) {
          grid.login(String.format("10000000-0000-0000-0000-%012d", i % REGIONS), friend);
        }
        entries.add(friend + "%3bhttp%3a%2f%2f127.0.0.1%3a1%2f%3bA+B%3b" + secret);
      }
      // Friend 100 is online in a region of another node, as far as this one knows; neither that
      // node nor the region ever answers.
      grid.vertx.eventBus().consumer(RegionNodeService.address("silent-node"), message -> { });
      grid.vertx.eventBus().consumer(RegionService.address(SILENT), message -> { });
      grid.vertx.eventBus().publish(PresenceView.CHANGES, new JsonObject().put("op", "up").put("node", "silent-node")
        .put("item", new JsonArray().add(String.format("f0000000-0000-0000-0000-%012d", FRIENDS))
          .add("5e000000-0000-0000-0000-000000000001").add(SILENT).add(System.currentTimeMillis())));
      Vertx load = Vertx.vertx();
      WebClient web = WebClient.create(load, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
      String url = grid.publicUrl("/hgfriends");
      Map<String, Buffer> bodies = Map.of(
        "1 friend", body(entries.subList(0, 1)),
        "100 friends in 50 regions", body(entries.subList(0, FRIENDS)),
        "100 friends + 1 in a silent region", body(entries));
      List<String> rows = List.of("1 friend", "100 friends in 50 regions", "100 friends + 1 in a silent region");
      for (String row : rows) {
        openLoop(load, web, url, bodies.get(row), rate, 3); // warm-up
      }
      // The rows take turns in short rounds, so whatever else the machine does falls on all of them alike.
      int rounds = Math.max(1, seconds / ROUND_SECONDS);
      Map<String, List<long[]>> byRow = new java.util.LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        // Each round starts with another row, so no row always follows the same one.
        for (int turn = 0; turn < rows.size(); turn++) {
          String row = rows.get((round + turn) % rows.size());
          // Unmeasured lead-in longer than the region timeout: the measured turn carries the row's own
          // steady state (a silent region's timeouts firing), then a pause lets them drain, so none
          // falls on the next row.
          openLoop(load, web, url, bodies.get(row), rate, ROUND_SECONDS);
          byRow.computeIfAbsent(row, r -> new ArrayList<>())
            .add(openLoop(load, web, url, bodies.get(row), rate, ROUND_SECONDS));
          await(Future.<Void>future(drained -> load.setTimer(ROUND_SECONDS * 1000L, t -> drained.complete())));
        }
      }
      Map<String, Long> p99 = new java.util.LinkedHashMap<>();
      for (String row : rows) {
        long[] all = byRow.get(row).stream().flatMapToLong(Arrays::stream).toArray();
        System.out.println(row(String.format("reply, %s, %d req/s", row, rate), all));
        Arrays.sort(all);
        p99.put(row, all[(int) (all.length * 0.99)]);
      }
      System.out.printf("ratio p99 100 friends / 1 friend: %.2f; silent region moves p99 by %+.1f %% (%d rounds of %d s)%n",
        (double) p99.get(rows.get(1)) / p99.get(rows.get(0)),
        100.0 * (p99.get(rows.get(2)) - p99.get(rows.get(1))) / p99.get(rows.get(1)), rounds, ROUND_SECONDS);
      // Paired by round: a burst of machine noise inflates one round of one row, not the comparison.
      double[] fanOut = new double[rounds];
      double[] silent = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        long one = p99Of(byRow.get(rows.get(0)).get(round));
        long hundred = p99Of(byRow.get(rows.get(1)).get(round));
        fanOut[round] = (double) hundred / one;
        silent[round] = 100.0 * (p99Of(byRow.get(rows.get(2)).get(round)) - hundred) / hundred;
      }
      System.out.printf("per round, median [middle half] of %d: ratio p99 100 friends / 1 friend %.2f [%.2f, %.2f];"
          + " silent region moves p99 by %+.1f %% [%+.1f, %+.1f]%n", rounds, quantile(fanOut, 0.5),
        quantile(fanOut, 0.25), quantile(fanOut, 0.75), quantile(silent, 0.5), quantile(silent, 0.25),
        quantile(silent, 0.75));
      await(load.close());
    }
  }

  /** Sends {@code rate} requests a second for {@code seconds}; latency from each one's scheduled time. */
  static long[] openLoop(Vertx vertx, WebClient web, String url, Buffer body, int rate, int seconds) throws Exception {
    int total = rate * seconds;
    long[] latencies = new long[total];
    Promise<Void> done = Promise.promise();
    int[] sent = {0};
    int[] answered = {0};
    long start = System.nanoTime();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    vertx.setPeriodic(1, timer -> {
      long due = (System.nanoTime() - start) / intervalNanos + 1;
      while (sent[0] < Math.min(due, total)) {
        int i = sent[0]++;
        long scheduled = start + i * intervalNanos;
        web.postAbs(url).timeout(30_000).putHeader("Content-Type", "application/x-www-form-urlencoded")
          .sendBuffer(body).onComplete(reply -> {
            latencies[i] = reply.succeeded() && reply.result().statusCode() == 200
              ? System.nanoTime() - scheduled : Long.MAX_VALUE;
            if (++answered[0] == total) {
              done.complete();
            }
          });
      }
      if (sent[0] == total) {
        vertx.cancelTimer(timer);
      }
    });
    await(done.future());
    return latencies;
  }

  static void logins(int rate, int seconds) throws Exception {
    String aHome = "a0000000-0000-0000-0000-000000000001";
    try (TestGrid gridA = TestGrid.start(TestGrid.config("Grid A", new JsonArray().add(TestGrid.region(aHome, "A"))));
         TestGrid gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray()
           .add(TestGrid.region("b0000000-0000-0000-0000-000000000001", "B"))))) {
      String alice = "aaaaaaaa-0000-0000-0000-000000000001";
      Hypergrid.account(gridB, alice, "Alice", "Smith");
      int total = rate * (seconds + 3);
      List<String> agents = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        String agent = String.format("a1000000-0000-0000-0000-%012d", i);
        agents.add(agent);
        Hypergrid.befriend(gridA, agent, "Agent " + i, gridB, alice, "Alice Smith", String.format("%08x", i));
      }
      gridB.login("b0000000-0000-0000-0000-000000000001", alice);
      Map<String, Long> heard = new ConcurrentHashMap<>();
      gridB.vertx.eventBus().<JsonObject>consumer(RegionProtocol.agentAddress(alice), m -> {
        if (RegionProtocol.FRIEND_STATUS.equals(m.body().getString("type")) && m.body().getBoolean("online")) {
          heard.putIfAbsent(m.body().getString("friendId"), System.nanoTime());
        }
      });
      Vertx load = Vertx.vertx();
      WebClient web = WebClient.create(load, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(32));
      String url = gridA.privateUrl("/regions/" + aHome + "/agents");
      long[] scheduledAt = new long[total];
      long start = System.nanoTime();
      long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
      Promise<Void> sentAll = Promise.promise();
      int[] sent = {0};
      load.setPeriodic(1, timer -> {
        long due = (System.nanoTime() - start) / intervalNanos + 1;
        while (sent[0] < Math.min(due, total)) {
          int i = sent[0]++;
          scheduledAt[i] = start + i * intervalNanos;
          web.postAbs(url).sendJsonObject(new JsonObject().put("agentId", agents.get(i)));
        }
        if (sent[0] == total) {
          load.cancelTimer(timer);
          sentAll.complete();
        }
      });
      await(sentAll.future());
      TestGrid.eventually(java.time.Duration.ofSeconds(30), () -> heard.size() == total, "every login heard on B");
      // The first 3 seconds' logins are the warm-up (get_server_urls is fetched and cached then).
      int warm = rate * 3;
      long[] latencies = new long[total - warm];
      for (int i = warm; i < total; i++) {
        latencies[i - warm] = heard.get(agents.get(i)) - scheduledAt[i];
      }
      System.out.println(row(String.format("login on A -> online event on B, %d logins/s", rate), latencies));
      await(load.close());
    }
  }

  static long p99Of(long[] latencies) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return sorted[(int) (sorted.length * 0.99)];
  }

  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }

  static String row(String name, long[] latencies) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    long failed = Arrays.stream(sorted).filter(l -> l == Long.MAX_VALUE).count();
    return String.format("%-60s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   (%d samples, %d failed)", name,
      sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
      sorted[sorted.length - 1 - (int) failed] / 1e6, sorted.length, failed);
  }

  static Buffer body(List<String> entries) {
    StringBuilder body = new StringBuilder("METHOD=statusnotification&userID=" + FOREIGN + "&online=True");
    for (int i = 0; i < entries.size(); i++) {
      body.append("&friend_").append(i).append('=').append(entries.get(i));
    }
    return Buffer.buffer(body.toString());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
  }
}
