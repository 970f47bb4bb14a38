package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Latency at a fixed offered load (open loop: requests leave on schedule whether or not earlier
 * ones were answered, and latency counts from the scheduled time), not at saturation. This is the
 * load process; the grids run in another JVM ({@link LatencyGrids}).
 * <ol>
 * <li>statusnotification reply latency with 1 verified friend, with 100 friends in 50 regions,
 * and with those 100 plus one in a region that never answers;</li>
 * <li>login on grid A → "online" event on the client address of a friend on grid B, at a
 * steady rate of logins.</li>
 * </ol>
 * Arguments: notificationsPerSecond secondsPerRow loginsPerSecond loginSeconds gridsFile gridsPid kdamondPid
 * (0: the machine runs none).
 */
public final class LatencyBench {

  static final String FOREIGN = "99999999-0000-0000-0000-00000000beef";
  static final String SILENT = "5e000000-0000-0000-0000-000000000000";
  static final String A_HOME = "a0000000-0000-0000-0000-000000000001";
  static final String B_HOME = "b0000000-0000-0000-0000-000000000001";
  static final String ALICE = "aaaaaaaa-0000-0000-0000-000000000001";
  static final int FRIENDS = 100;
  static final int REGIONS = 50;
  /** Seconds each row is measured in a turn; before it, as many unmeasured seconds of the same row. */
  static final int TURN_SECONDS = 5;
  static final int LEAD_IN_SECONDS = 2;
  /** Idle after each turn, longer than the grid's region timeout, so no row's timeouts fall on the next. */
  static final int PAUSE_SECONDS = 2;
  /**
   * Pooled connections are let go before the node's HTTP servers close idle ones (60 s): a
   * connection reused at the very moment the server closes it fails, which is the client's race.
   */
  static final int KEEP_ALIVE_SECONDS = 30;
  /** Logins of the first seconds warm the path up (get_server_urls is fetched and cached then). */
  static final int LOGIN_WARMUP_SECONDS = 3;

  static String regionId(int r) {
    return String.format("10000000-0000-0000-0000-%012d", r);
  }

  static String friend(int i) {
    return String.format("f0000000-0000-0000-0000-%012d", i);
  }

  static String secret(int i) {
    return String.format("%08x", i);
  }

  static String loginAgent(int i) {
    return String.format("a1000000-0000-0000-0000-%012d", i);
  }

  static int logins(int loginRate, int loginSeconds) {
    return loginRate * (loginSeconds + LOGIN_WARMUP_SECONDS);
  }

  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    int loginRate = Integer.parseInt(args[2]);
    int loginSeconds = Integer.parseInt(args[3]);
    JsonObject grids = new JsonObject(Files.readString(Path.of(args[4])));
    gridsPid = Long.parseLong(args[5]);
    out = Path.of(args[4]).toAbsolutePath().getParent();
    kdamond = KdamondBursts.watch(Long.parseLong(args[6]));
    Vertx load = Vertx.vertx();
    replies(load, grids.getString("replyUrl"), rate, seconds);
    logins(load, grids.getString("loginUrl"), grids.getString("heardUrl"), loginRate, loginSeconds);
    if (kdamond != null) {
      kdamond.stop();
      System.out.println("kdamond during the run: " + kdamond.summary());
    }
    await(load.close());
    System.exit(0);
  }

  /** The causes of the first few failed requests are printed. */
  private static final AtomicInteger FAILURES_SHOWN = new AtomicInteger();

  /** The grids' JVM, whose processor time is read from /proc. */
  static long gridsPid;
  /** Where samples.csv is written. */
  static Path out;
  /** The kernel's memory monitor's bursts, when the machine runs one (else null). */
  static KdamondBursts kdamond;

  /** Processor time the grids' JVM has used so far, in nanoseconds (user and system, 10 ms ticks). */
  static long gridsCpuNanos() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + gridsPid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L; // utime, stime (USER_HZ 100)
  }

  /** Latencies of requests sent {@code intervalNanos} apart from {@code start} (monotonic clock). */
  record Turn(long start, long intervalNanos, long[] latencies) {
    long scheduled(int i) {
      return start + i * intervalNanos;
    }
  }

  static void replies(Vertx load, String url, int rate, int seconds) throws Exception {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i <= FRIENDS; i++) {
      entries.add(friend(i) + "%3bhttp%3a%2f%2f127.0.0.1%3a1%2f%3bA+B%3b" + secret(i));
    }
    WebClient web = WebClient.create(load, new WebClientOptions().setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS),
      new PoolOptions().setHttp1MaxSize(64));
    Map<String, Buffer> bodies = Map.of(
      "1 friend", body(entries.subList(0, 1)),
      "100 friends in 50 regions", body(entries.subList(0, FRIENDS)),
      "100 friends + 1 in a silent region", body(entries));
    List<String> rows = List.of("1 friend", "100 friends in 50 regions", "100 friends + 1 in a silent region");
    for (int warm = 0; warm < 3; warm++) { // both JVMs compile the paths
      for (String row : rows) {
        openLoop(load, web, url, bodies.get(row), rate, 3);
      }
    }
    // The rows take turns, so whatever else the machine does falls on all of them alike.
    int rounds = Math.max(1, seconds / TURN_SECONDS);
    Map<String, List<Turn>> byRow = new LinkedHashMap<>();
    Map<String, Long> cpuByRow = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      // Each round starts with another row, so no row always follows the same one.
      for (int turn = 0; turn < rows.size(); turn++) {
        String row = rows.get((round + turn) % rows.size());
        // The unmeasured lead-in is longer than the region timeout: the measured turn carries the
        // row's own steady state (a silent region's timeouts firing); the pause lets them drain.
        openLoop(load, web, url, bodies.get(row), rate, LEAD_IN_SECONDS);
        long cpu = gridsCpuNanos();
        byRow.computeIfAbsent(row, r -> new ArrayList<>()).add(openLoop(load, web, url, bodies.get(row), rate,
          TURN_SECONDS));
        cpuByRow.merge(row, gridsCpuNanos() - cpu, Long::sum);
        await(load.timer(PAUSE_SECONDS * 1000L));
      }
    }
    writeSamples(rows, byRow);
    Map<String, Long> p99 = new LinkedHashMap<>();
    Map<String, Long> clearP99 = new LinkedHashMap<>();
    for (String row : rows) {
      long[] all = byRow.get(row).stream().flatMapToLong(t -> Arrays.stream(t.latencies())).toArray();
      System.out.println(row(String.format("reply, %s, %d req/s", row, rate), all)
        + String.format("   grids' cpu %d us/request", cpuByRow.get(row) / 1000 / all.length));
      p99.put(row, p99Of(all));
      long[] clear = clearOfKdamond(byRow.get(row));
      if (clear != null) {
        System.out.println(row("  the same, clear of kdamond's bursts", clear));
        clearP99.put(row, p99Of(clear));
      }
    }
    System.out.println(comparison("ratio p99 100 friends / 1 friend", p99, rows) + String.format(" (%d rounds of %d s)",
      rounds, TURN_SECONDS));
    if (!clearP99.isEmpty()) {
      System.out.println(comparison("clear of kdamond's bursts: ratio p99 100 friends / 1 friend", clearP99, rows));
    }
    // Paired by round: a burst of machine noise inflates one round of one row, not the comparison.
    double[] fanOut = new double[rounds];
    double[] silent = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long one = p99Of(byRow.get(rows.get(0)).get(round).latencies());
      long hundred = p99Of(byRow.get(rows.get(1)).get(round).latencies());
      fanOut[round] = (double) hundred / one;
      silent[round] = 100.0 * (p99Of(byRow.get(rows.get(2)).get(round).latencies()) - hundred) / hundred;
    }
    System.out.printf("per round, median [middle half] of %d: ratio p99 100 friends / 1 friend %.2f [%.2f, %.2f];"
        + " silent region moves p99 by %+.1f %% [%+.1f, %+.1f]%n", rounds, quantile(fanOut, 0.5),
      quantile(fanOut, 0.25), quantile(fanOut, 0.75), quantile(silent, 0.5), quantile(silent, 0.25),
      quantile(silent, 0.75));
  }

  /**
   * Every measured request as "row,round,scheduled,latency" (nanoseconds of the monotonic clock,
   * which the grids' GC log shows too with -Xlog decorator timenanos), for a closer look at a tail.
   */
  static void writeSamples(List<String> rows, Map<String, List<Turn>> byRow) throws IOException {
    StringBuilder csv = new StringBuilder("row,round,scheduled_ns,latency_ns\n");
    for (int row = 0; row < rows.size(); row++) {
      List<Turn> turns = byRow.get(rows.get(row));
      for (int round = 0; round < turns.size(); round++) {
        Turn turn = turns.get(round);
        for (int i = 0; i < turn.latencies().length; i++) {
          csv.append(row).append(',').append(round).append(',').append(turn.scheduled(i)).append(',')
            .append(turn.latencies()[i]).append('\n');
        }
      }
    }
    Files.writeString(out.resolve("samples.csv"), csv);
  }

  /** "name: a / b; silent region moves p99 by c %" for the rows' p99s. */
  static String comparison(String name, Map<String, Long> p99, List<String> rows) {
    long one = p99.get(rows.get(0));
    long hundred = p99.get(rows.get(1));
    return String.format("%s: %.2f; silent region moves p99 by %+.1f %%", name, (double) hundred / one,
      100.0 * (p99.get(rows.get(2)) - hundred) / hundred);
  }

  /**
   * The latencies of the requests that no kdamond burst overlapped (from the scheduled time to
   * the answer), or null when the machine runs no kdamond.
   */
  static long[] clearOfKdamond(List<Turn> turns) {
    if (kdamond == null) {
      return null;
    }
    return turns.stream().flatMapToLong(turn -> IntStream.range(0, turn.latencies().length)
        .filter(i -> !kdamond.overlaps(turn.scheduled(i), turn.scheduled(i) + turn.latencies()[i]))
        .mapToLong(i -> turn.latencies()[i]))
      .toArray();
  }

  /** Sends {@code rate} requests a second for {@code seconds}; latency from each one's scheduled time. */
  static Turn openLoop(Vertx vertx, WebClient web, String url, Buffer body, int rate, int seconds) throws Exception {
    int total = rate * seconds;
    long[] latencies = new long[total];
    Promise<Void> done = Promise.promise();
    int[] answered = {0};
    Turn turn = new Turn(System.nanoTime(), TimeUnit.SECONDS.toNanos(1) / rate, latencies);
    onSchedule(vertx, turn, total, i -> web.postAbs(url).timeout(30_000)
      .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(body).onComplete(reply -> {
        boolean ok = reply.succeeded() && reply.result().statusCode() == 200;
        latencies[i] = ok ? System.nanoTime() - turn.scheduled(i) : Long.MAX_VALUE;
        if (!ok && FAILURES_SHOWN.getAndIncrement() < 5) {
          System.out.println("failed request: " + (reply.succeeded()
            ? reply.result().statusCode() + " " + reply.result().bodyAsString() : reply.cause()));
        }
        if (++answered[0] == total) {
          done.complete();
        }
      }));
    await(done.future());
    return turn;
  }

  /**
   * Calls {@code send} for 0 … total − 1, each at its time in {@code schedule} or as soon after as
   * the timer (every millisecond) comes round; completes when all have been called.
   */
  static Future<Void> onSchedule(Vertx vertx, Turn schedule, int total, IntConsumer send) {
    Promise<Void> sentAll = Promise.promise();
    int[] sent = {0};
    vertx.setPeriodic(1, timer -> {
      long due = (System.nanoTime() - schedule.start()) / schedule.intervalNanos() + 1;
      while (sent[0] < Math.min(due, total)) {
        send.accept(sent[0]++);
      }
      if (sent[0] == total) {
        vertx.cancelTimer(timer);
        sentAll.complete();
      }
    });
    return sentAll.future();
  }

  static void logins(Vertx load, String url, String heardUrl, int rate, int seconds) throws Exception {
    int total = logins(rate, seconds);
    WebClient web = WebClient.create(load, new WebClientOptions().setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS),
      new PoolOptions().setHttp1MaxSize(32));
    int warm = rate * LOGIN_WARMUP_SECONDS;
    long[] latencies = new long[total - warm];
    Turn logins = new Turn(System.nanoTime(), TimeUnit.SECONDS.toNanos(1) / rate, new long[0]); // the schedule
    await(onSchedule(load, logins, total,
      i -> web.postAbs(url).sendJsonObject(new JsonObject().put("agentId", loginAgent(i)))));
    JsonObject heard = await(heardAll(load, web, heardUrl, total, System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
    for (int i = warm; i < total; i++) {
      latencies[i - warm] = heard.getLong(loginAgent(i)) - logins.scheduled(i);
    }
    System.out.println(row(String.format("login on A -> online event on B, %d logins/s", rate), latencies));
    Turn measured = new Turn(logins.scheduled(warm), logins.intervalNanos(), latencies);
    long[] clear = clearOfKdamond(List.of(measured));
    if (clear != null) {
      System.out.println(row("  the same, clear of kdamond's bursts", clear));
    }
  }

  /** Grid B's record of the online events heard, once it has all of them (asked again every 100 ms). */
  static Future<JsonObject> heardAll(Vertx load, WebClient web, String heardUrl, int total, long deadline) {
    return web.getAbs(heardUrl).send().map(reply -> reply.bodyAsJsonObject()).compose(heard -> {
      if (heard.size() == total) {
        return Future.succeededFuture(heard);
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture("grid B heard " + heard.size() + " of " + total + " logins");
      }
      return load.timer(100).compose(t -> heardAll(load, web, heardUrl, total, deadline));
    });
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
