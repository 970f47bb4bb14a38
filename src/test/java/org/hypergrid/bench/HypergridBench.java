package org.hypergrid.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.UserAccount;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.shell.ServerShellVerticle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Three grids in one JVM, each a full node with its own embedded PostgreSQL, ports and Vert.x,
 * talking OpenSim's protocol over loopback HTTP.
 * <ol>
 * <li>Latency: Fred logs in on grid A; time until the online event reaches his friend Alice's
 * client address on grid B (then he logs out and the offline event is awaited). p50/p99.</li>
 * <li>Throughput: agents on A, each with 10 foreign friends on B and 10 on C (all online), log in
 * 16 at a time; a login counts when the agent has its "friends online" event.</li>
 * </ol>
 * Arguments: dataDir latencySamples throughputAgents
 */
public final class HypergridBench {

  static final String FRED = "11111111-2222-3333-4444-555555555555";
  static final String ALICE = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String A_REGION = "a0000000-0000-0000-0000-000000000001";
  static final String B_REGION = "b0000000-0000-0000-0000-000000000001";
  static final String C_REGION = "c0000000-0000-0000-0000-000000000001";

  record Grid(String name, Vertx vertx, String home, String privateUrl) {
    FriendsService friends() {
      return FriendsService.createProxy(vertx, FriendsService.ADDRESS);
    }

    UserManagementService users() {
      return UserManagementService.createProxy(vertx, UserManagementService.ADDRESS);
    }
  }

  public static void main(String[] args) throws Exception {
    String dataDir = args[0];
    int samples = Integer.parseInt(args[1]);
    int agents = Integer.parseInt(args[2]);
    Grid a = start("A", dataDir, 18102, A_REGION);
    Grid b = start("B", dataDir, 18112, B_REGION);
    Grid c = start("C", dataDir, 18122, C_REGION);
    WebClient web = WebClient.create(a.vertx);
    try {
      latency(a, b, web, samples);
      throughput(a, b, c, web, agents);
    } finally {
      for (Grid grid : List.of(a, b, c)) {
        await(grid.vertx.close());
      }
    }
  }

  static Grid start(String name, String dataDir, int publicPort, String regionId) throws Exception {
    String home = "http://127.0.0.1:" + publicPort + "/";
    JsonObject config = new JsonObject()
      .put("grid", new JsonObject().put("name", "Grid " + name).put("homeUri", home).put("friendsServerUri", home))
      .put("http", new JsonObject()
        .put("public", new JsonObject().put("host", "127.0.0.1").put("port", publicPort)
          .put("mounts", new JsonArray().add("hgfriends").add("useragent").add("friends-sim")))
        .put("private", new JsonObject().put("host", "127.0.0.1").put("port", publicPort + 1)
          .put("mounts", new JsonArray().add("services").add("regions").add("health"))))
      .put("storage", new JsonObject().put("dataDir", dataDir + "/grid-" + name.toLowerCase()))
      .put("outbound", new JsonObject().put("allowLoopback", true))
      .put("regions", new JsonArray().add(new JsonObject().put("id", regionId).put("name", "Region " + name)));
    Vertx vertx = Vertx.vertx();
    await(vertx.deployVerticle(new ServerShellVerticle(), new DeploymentOptions().setConfig(config)));
    return new Grid(name, vertx, home, "http://127.0.0.1:" + (publicPort + 1));
  }

  static void latency(Grid a, Grid b, WebClient web, int samples) throws Exception {
    await(account(a, FRED, "Fred", "Foo"));
    await(account(b, ALICE, "Alice", "Smith"));
    await(befriend(a, FRED, "Fred Foo", b, ALICE, "Alice Smith", "1a2b3c4d"));
    await(login(web, b, B_REGION, ALICE));
    ConcurrentHashMap<Boolean, Promise<Long>> waiting = new ConcurrentHashMap<>();
    MessageConsumer<JsonObject> aliceClient = b.vertx.eventBus().consumer(RegionProtocol.agentAddress(ALICE), m -> {
      if (RegionProtocol.FRIEND_STATUS.equals(m.body().getString("type")) && FRED.equals(m.body().getString("friendId"))) {
        Promise<Long> p = waiting.remove(m.body().getBoolean("online"));
        if (p != null) {
          p.complete(System.nanoTime());
        }
      }
    });
    await(aliceClient.completion());
    long[] micros = new long[samples];
    int warmup = Math.min(100, samples);
    for (int i = -warmup; i < samples; i++) {
      Promise<Long> online = Promise.promise();
      waiting.put(true, online);
      long start = System.nanoTime();
      await(login(web, a, A_REGION, FRED));
      long heard = await(online.future());
      if (i >= 0) {
        micros[i] = (heard - start) / 1_000;
      }
      Promise<Long> offline = Promise.promise();
      waiting.put(false, offline);
      await(web.deleteAbs(a.privateUrl + "/regions/" + A_REGION + "/agents/" + FRED).send());
      await(offline.future());
    }
    Arrays.sort(micros);
    System.out.printf("login on A -> online event at a friend's client address on B: p50 %.2f ms, p99 %.2f ms (%d logins)%n",
      LoadGenerator.percentile(micros, 0.50) / 1000.0, LoadGenerator.percentile(micros, 0.99) / 1000.0, samples);
  }

  static void throughput(Grid a, Grid b, Grid c, WebClient web, int agents) throws Exception {
    List<String> ids = new ArrayList<>();
    List<Supplier<Future<?>>> seeds = new ArrayList<>();
    for (int f = 0; f < 10; f++) {
      String bId = String.format("b1000000-0000-0000-0000-%012d", f);
      String cId = String.format("c1000000-0000-0000-0000-%012d", f);
      seeds.add(() -> account(b, bId, "Bea", "B" + bId.substring(30)).compose(v -> login(web, b, B_REGION, bId)));
      seeds.add(() -> account(c, cId, "Cy", "C" + cId.substring(30)).compose(v -> login(web, c, C_REGION, cId)));
    }
    for (int i = 0; i < agents; i++) {
      String id = String.format("a1000000-0000-0000-0000-%012d", i);
      ids.add(id);
      seeds.add(() -> account(a, id, "Ann", "A" + id.substring(30)));
      for (int f = 0; f < 10; f++) {
        String secret = String.format("%04x%04x", i, f);
        String bId = String.format("b1000000-0000-0000-0000-%012d", f);
        String cId = String.format("c1000000-0000-0000-0000-%012d", f);
        seeds.add(() -> befriend(a, id, "Ann A", b, bId, "Bea B", secret));
        seeds.add(() -> befriend(a, id, "Ann A", c, cId, "Cy C", secret));
      }
    }
    runBounded(seeds, 32);

    ConcurrentHashMap<String, Promise<Integer>> waiting = new ConcurrentHashMap<>();
    List<MessageConsumer<JsonObject>> clients = new ArrayList<>();
    for (String id : ids) {
      MessageConsumer<JsonObject> client = a.vertx.eventBus().consumer(RegionProtocol.agentAddress(id), m -> {
        if (RegionProtocol.FRIENDS_ONLINE.equals(m.body().getString("type"))) {
          Promise<Integer> p = waiting.remove(id);
          if (p != null) {
            p.complete(m.body().getJsonArray("friends").size());
          }
        }
      });
      clients.add(client);
      await(client.completion());
    }
    for (int round = 0; round < 4; round++) {
      long[] friendsSeen = {0};
      List<Supplier<Future<?>>> logins = new ArrayList<>();
      for (String id : ids) {
        logins.add(() -> {
          Promise<Integer> listed = Promise.promise();
          waiting.put(id, listed);
          return login(web, a, A_REGION, id).compose(v -> listed.future())
            .onSuccess(n -> {
              synchronized (friendsSeen) {
                friendsSeen[0] += n;
              }
            });
        });
      }
      long start = System.nanoTime();
      runBounded(logins, 16);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<Supplier<Future<?>>> logouts = new ArrayList<>();
      for (String id : ids) {
        logouts.add(() -> web.deleteAbs(a.privateUrl + "/regions/" + A_REGION + "/agents/" + id).send());
      }
      runBounded(logouts, 16);
      System.out.printf("%s %d logins (10 friends on B + 10 on C each) in %.2f s: %.0f logins/s, %.1f friends online per login%n",
        round == 0 ? "warm-up round:" : "round " + round + ":", ids.size(), seconds, ids.size() / seconds,
        friendsSeen[0] / (double) ids.size());
    }
  }

  static Future<Void> account(Grid grid, String id, String first, String last) {
    return grid.users().storeAccount(new UserAccount().setUserId(id).setFirstName(first).setLastName(last));
  }

  static Future<Void> befriend(Grid gridA, String userA, String nameA, Grid gridB, String userB, String nameB, String secret) {
    String uuiA = Uui.format(userA, gridA.home, nameA, secret);
    String uuiB = Uui.format(userB, gridB.home, nameB, secret);
    return Future.all(gridA.friends().storeFriend(userA, uuiB, 1), gridA.friends().storeFriend(uuiB, userA, 1),
      gridB.friends().storeFriend(userB, uuiA, 1), gridB.friends().storeFriend(uuiA, userB, 1)).mapEmpty();
  }

  static Future<Void> login(WebClient web, Grid grid, String region, String agent) {
    return web.postAbs(grid.privateUrl + "/regions/" + region + "/agents")
      .sendJsonObject(new JsonObject().put("agentId", agent))
      .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture("login " + r.statusCode()));
  }

  /** Runs the tasks with at most {@code parallel} in flight, waiting for all. */
  static void runBounded(List<Supplier<Future<?>>> tasks, int parallel) throws Exception {
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(parallel);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(tasks.size());
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    for (Supplier<Future<?>> task : tasks) {
      slots.acquire();
      task.get().onComplete(ar -> {
        if (ar.failed()) {
          failure.compareAndSet(null, ar.cause());
        }
        slots.release();
        done.countDown();
      });
    }
    if (!done.await(10, TimeUnit.MINUTES) || failure.get() != null) {
      throw new IllegalStateException("bench step failed", failure.get());
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
