package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.support.NodeProcess;
import org.hypergrid.support.TestDatabase;
import org.hypergrid.support.TestGrid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.hypergrid.support.TestGrid.await;

/**
 * The grid side under OpenSim's own calls, on one node in a process of its own (its CPU time read
 * from /proc) with its own embedded PostgreSQL; simulators are fake ones in this process (real
 * HTTP servers answering /simstatus and counting /friends). Open loop: requests leave on
 * schedule, latency counts from the scheduled time.
 * <ol>
 * <li>{@code presence report} (a teleport to another region) at a fixed rate;</li>
 * <li>{@code presence getagents} for 18 friends at a fixed rate, against a bare Vert.x endpoint
 * answering the same bytes at the same rate;</li>
 * <li>friend statuses from a foreign grid's statusnotification, each handed to the simulator
 * hosting the friend: from the notification's scheduled time to the simulator's receipt.</li>
 * </ol>
 * Arguments: reportsPerSecond getagentsPerSecond statusesPerSecond seconds simulators users.
 */
public final class OpenSimGridBench {

  static final String FOREIGN = "f0000000-0000-0000-0000-00000000000f";
  static final String SECRET = "5ec2e7f0";
  static final int FRIENDS = 18;
  /** Unmeasured seconds at the row's rate before each row. */
  static final int WARM_UP_SECONDS = 3;

  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
    .setIdleTimeout(30), new PoolOptions().setHttp1MaxSize(64));
  private String privateUrl;
  private String publicUrl;
  private final Map<String, Long> statusSent = new ConcurrentHashMap<>();
  private final List<Long> forwardMicros = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong forwarded = new AtomicLong();

  public static void main(String[] args) throws Exception {
    int reports = Integer.parseInt(args[0]);
    int getagents = Integer.parseInt(args[1]);
    int statuses = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int simulators = Integer.parseInt(args[4]);
    int users = Integer.parseInt(args[5]);
    new OpenSimGridBench().run(reports, getagents, statuses, seconds, simulators, users);
    System.exit(0);
  }

  static String user(int i) {
    return String.format("60000000-0000-0000-0000-%012d", i);
  }

  static String region(int r) {
    return String.format("70000000-0000-0000-0000-%012d", r);
  }

  static String session(int i) {
    return String.format("80000000-0000-0000-0000-%012d", i);
  }

  private void run(int reportRate, int getagentsRate, int statusRate, int seconds, int simulators, int users)
    throws Exception {
    String database = TestDatabase.newDatabase();
    JsonObject config = TestGrid.config("Bench grid", new JsonArray());
    config.getJsonObject("http").getJsonObject("private").getJsonArray("mounts").add("opensim");
    JsonObject local = new JsonObject().put("via", "local");
    config.put("services", new JsonObject().put("hgfriends", local).put("friends", local).put("presence", local)
      .put("grid", local).put("usermanagement", local).put("griduser", local));
    config.put("storage", new JsonObject().put("uri", database).put("poolSize", 8));
    config.put("presence", new JsonObject().put("unplacedSeconds", 3600));
    config.put("connections", new JsonObject().put("maxPerAddress", 4096));
    int publicPort = config.getJsonObject("http").getJsonObject("public").getInteger("port");
    publicUrl = "http://127.0.0.1:" + publicPort;
    try (NodeProcess node = NodeProcess.start("opensim-bench", config, null, null)
      .awaitReady(Duration.ofSeconds(120))) {
      privateUrl = "http://127.0.0.1:" + node.privatePort;
      List<HttpServer> sims = startSimulators(simulators);
      setUp(database, sims, users);
      System.out.printf("setup: %d simulators' regions registered, %d users logged in, %d friends each%n",
        simulators, users, FRIENDS);

      Random random = new Random(7);
      long[] sent = new long[1];
      row("presence report (teleport)", node, reportRate, seconds, i -> opensim("/presence",
        "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + session(random.nextInt(users)) + "&RegionID="
          + region(random.nextInt(simulators)), "<result>Success</result>"));
      String getagents = getAgentsBody(random, users);
      row("presence getagents (18 friends)", node, getagentsRate, seconds,
        i -> opensim("/presence", getagents, "<?xml"));
      String reply = await(web.postAbs(privateUrl + "/presence").putHeader("Content-Type",
        "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(getagents))).bodyAsString();
      HttpServer bare = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
        request.response().putHeader("Content-Type", "application/xml").end(reply))).listen(0, "127.0.0.1"));
      String bareUrl = "http://127.0.0.1:" + bare.actualPort();
      row("bare Vert.x endpoint, same bytes", null, getagentsRate, seconds, i -> post(bareUrl + "/presence", getagents,
        "<?xml"));

      Function<Long, Future<Boolean>> notification = i -> {
        int friend = (int) (i % users);
        boolean online = (i / users) % 2 == 0;
        statusSent.put(user(friend) + online, System.nanoTime());
        sent[0]++;
        return post(publicUrl + "/hgfriends", "METHOD=statusnotification&userID=" + FOREIGN + "&online="
          + (online ? "True" : "False") + "&friend_0=" + user(friend) + "%3b" + encode(publicUrl + "/")
          + "%3bUser+" + friend + "%3b" + SECRET, "<?xml");
      };
      // Lead-in: every friendship verified once (cached from then on), every simulator's breaker made.
      OpenLoop.run(vertx, statusRate, WARM_UP_SECONDS, notification);
      await(TestGrid.until(vertx, Duration.ofSeconds(30), () -> Future.succeededFuture(forwarded.get() >= sent[0]),
        "the lead-in's statuses handed over").otherwiseEmpty());
      statusSent.clear();
      forwardMicros.clear();
      forwarded.set(0);
      sent[0] = 0;
      long cpuBefore = cpuMillis(node.pid());
      OpenLoop.Result notified = OpenLoop.run(vertx, statusRate, seconds, notification);
      await(TestGrid.until(vertx, Duration.ofSeconds(30), () -> Future.succeededFuture(forwarded.get() >= sent[0]),
        "every status handed to a simulator").otherwiseEmpty());
      long cpu = cpuMillis(node.pid()) - cpuBefore;
      long[] micros = forwardMicros.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("%-40s %6d/s offered: statusnotification reply p50 %7.2f ms p99 %7.2f ms (%d errors)%n",
        "statuses to simulators", statusRate, notified.p50Micros() / 1000.0, notified.p99Micros() / 1000.0,
        notified.errors());
      System.out.printf("%-40s to the simulator's receipt p50 %7.2f ms p99 %7.2f ms; %d of %d forwarded (%d lost);"
          + " node CPU %.2f ms per status%n", "", OpenLoop.percentile(micros, 0.50) / 1000.0,
        OpenLoop.percentile(micros, 0.99) / 1000.0, forwarded.get(), sent[0], Math.max(0, sent[0] - forwarded.get()),
        cpu / (double) Math.max(1, sent[0]));
    }
  }

  private void row(String name, NodeProcess node, int rate, int seconds, Function<Long, Future<Boolean>> request)
    throws Exception {
    OpenLoop.run(vertx, rate, WARM_UP_SECONDS, request);
    long before = node == null ? 0 : cpuMillis(node.pid());
    OpenLoop.Result result = OpenLoop.run(vertx, rate, seconds, request);
    long cpu = node == null ? 0 : cpuMillis(node.pid()) - before;
    System.out.printf("%-40s %6d/s offered: p50 %7.2f ms p99 %7.2f ms p999 %7.2f ms (%d requests, %d errors)%s%n",
      name, rate, result.p50Micros() / 1000.0, result.p99Micros() / 1000.0, result.p999Micros() / 1000.0,
      result.requests(), result.errors(),
      node == null ? "" : String.format("; node CPU %.3f ms per request", cpu / (double) result.requests()));
  }

  private List<HttpServer> startSimulators(int count) {
    List<HttpServer> sims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sims.add(await(vertx.createHttpServer().requestHandler(request -> {
        if (request.path().equals("/simstatus")) {
          request.response().end("OK");
          return;
        }
        request.body().onSuccess(body -> {
          Map<String, String> form = org.hypergrid.wire.OpenSimForm.decode(body.toString());
          Long sentAt = statusSent.remove(form.get("ToID") + "True".equals(form.get("Online")));
          if (sentAt != null) {
            forwardMicros.add((System.nanoTime() - sentAt) / 1_000);
          }
          forwarded.incrementAndGet();
          request.response().putHeader("Content-Type", "text/xml").putHeader("Connection", "close")
            .end("<?xml version=\"1.0\"?>\n<ServerResponse>\n  <RESULT>True</RESULT>\n</ServerResponse>");
        });
      }).listen(0, "127.0.0.1")));
    }
    return sims;
  }

  private void setUp(String database, List<HttpServer> sims, int users) {
    for (int r = 0; r < sims.size(); r++) {
      String uri = encode("http://127.0.0.1:" + sims.get(r).actualPort() + "/");
      await(opensim("/grid", "uuid=" + region(r) + "&locX=" + (256 * (1000 + r)) + "&locY=256000&sizeX=256&sizeY=256"
        + "&regionName=Bench+" + r + "&serverIP=127.0.0.1&serverHttpPort=" + sims.get(r).actualPort() + "&serverURI="
        + uri + "&serverPort=9000&regionMapTexture=00000000-0000-0000-0000-000000000000&parcelMapTexture="
        + "00000000-0000-0000-0000-000000000000&access=13&regionSecret&owner_uuid=00000000-0000-0000-0000-000000000000"
        + "&Token&SCOPEID=00000000-0000-0000-0000-000000000000&VERSIONMIN=1&VERSIONMAX=1&METHOD=register",
        "<?xml"));
    }
    for (int r = 0; r < sims.size(); r++) {
      String id = region(r);
      await(TestGrid.until(vertx, Duration.ofSeconds(60), () -> web.getAbs(privateUrl + "/regions/" + id + "/agents")
        .send().map(reply -> reply.statusCode() == 200), "region served"));
    }
    Pool sql = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(database)).using(vertx).build();
    String foreign = FOREIGN + ";http://127.0.0.1:1/;Foreign Friend;" + SECRET;
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      rows.add(Tuple.of(user(i), foreign, 1));
      rows.add(Tuple.of(foreign, user(i), 1));
    }
    await(sql.preparedQuery("INSERT INTO friends (principal_id, friend, flags) VALUES ($1, $2, $3)").executeBatch(rows));
    await(sql.close());
    List<Future<Boolean>> logins = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      int u = i;
      logins.add(opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + user(u) + "&SessionID="
          + session(u) + "&SecureSessionID=" + session(u), "<?xml")
        .compose(ok -> opensim("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + session(u)
          + "&RegionID=" + region(u % sims.size()), "<?xml")));
      if (logins.size() == 64) {
        await(Future.all(logins));
        logins.clear();
      }
    }
    await(Future.all(logins));
  }

  private static String getAgentsBody(Random random, int users) {
    StringBuilder body = new StringBuilder("VERSIONMIN=1&VERSIONMAX=1&METHOD=getagents");
    for (int f = 0; f < FRIENDS; f++) {
      body.append("&uuids[]=").append(user(random.nextInt(users)));
    }
    return body.toString();
  }

  private Future<Boolean> opensim(String path, String body, String expected) {
    return post(privateUrl + path, body, expected);
  }

  private Future<Boolean> post(String url, String body, String expected) {
    return web.postAbs(url).putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer(body))
      .map(reply -> reply.statusCode() == 200 && reply.bodyAsString().contains(expected));
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).toLowerCase();
  }

  /** The process's user and system CPU time so far, from /proc (clock ticks of 10 ms). */
  static long cpuMillis(long pid) throws Exception {
    String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * 10;
  }

  /** An open-loop schedule: {@code rate} requests a second for {@code seconds}, each timed from when it was due. */
  static final class OpenLoop {

    record Result(long requests, long errors, long p50Micros, long p99Micros, long p999Micros) {
    }

    static Result run(Vertx vertx, int rate, int seconds, Function<Long, Future<Boolean>> request) {
      long total = (long) rate * seconds;
      long[] latencies = new long[(int) total];
      AtomicLong done = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      Promise<Void> finished = Promise.promise();
      long start = System.nanoTime();
      long[] issued = new long[1];
      long timer = vertx.setPeriodic(1, t -> {
        long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
        while (issued[0] < due) {
          long index = issued[0]++;
          long dueAt = start + index * 1_000_000_000L / rate;
          request.apply(index).onComplete(ar -> {
            latencies[(int) index] = (System.nanoTime() - dueAt) / 1_000;
            if (ar.failed() || !ar.result()) {
              errors.incrementAndGet();
            }
            if (done.incrementAndGet() == total) {
              finished.tryComplete();
            }
          });
        }
      });
      await(finished.future());
      vertx.cancelTimer(timer);
      long[] sorted = Arrays.copyOf(latencies, latencies.length);
      Arrays.sort(sorted);
      return new Result(total, errors.get(), percentile(sorted, 0.50), percentile(sorted, 0.99),
        percentile(sorted, 0.999));
    }

    static long percentile(long[] sorted, double p) {
      return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
  }
}
