package org.hypergrid.shell;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.support.NodeProcess;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.hypergrid.support.Vectors.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded PostgreSQL stopped under a node that is writing (SIGINT to its postmaster: a fast
 * shutdown, as an operator's pg_ctl stop -m fast): writes fail with a clear error, readiness goes
 * DOWN, the node starts its store again by itself, readiness comes back, and every write that was
 * acknowledged is in the store.
 */
@Tag("slow")
class StoreUnderLoadTest {

  private static final int CONCURRENCY = 8;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void theStoreStoppedUnderLoadComesBackByItselfAndLosesNoAcknowledgedWrite() throws Exception {
    Path dataDir = NodeProcess.DIR.resolve("load-" + UUID.randomUUID()).resolve("postgres").toAbsolutePath();
    JsonObject config = TestGrid.config("Loaded grid", new JsonArray());
    config.put("storage", new JsonObject().put("dataDir", dataDir.toString()).put("poolSize", 4));
    int port = config.getJsonObject("http").getJsonObject("private").getInteger("port");
    try (NodeProcess node = NodeProcess.start("load-" + UUID.randomUUID().toString().substring(0, 8), config, null,
      null).awaitReady(Duration.ofSeconds(120))) {
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
      AtomicLong lastFailureAt = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      Semaphore slots = new Semaphore(CONCURRENCY);
      Thread load = new Thread(() -> {
        while (running.get()) {
          slots.acquireUninterruptibly();
          String friend = UUID.randomUUID().toString();
          http.sendAsync(storeFriend(port, friend), HttpResponse.BodyHandlers.ofString()).whenComplete((reply, e) -> {
            int status = e != null ? -1 : reply.statusCode();
            if (status == 200) {
              acknowledged.add(friend);
            } else {
              failures.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
              lastFailureAt.set(System.nanoTime());
            }
            slots.release();
          });
        }
      }, "store-load");
      load.start();
      try {
        TestGrid.eventually(Duration.ofSeconds(30), () -> acknowledged.size() >= 200, "writes flow");
        // Readiness is watched from the side all along: the store may be back within a second.
        Set<Integer> readiness = ConcurrentHashMap.newKeySet();
        Thread watch = new Thread(() -> {
          while (running.get()) {
            readiness.add(status(port, "/health/ready"));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
          }
        }, "readiness-watch");
        long postmaster = postmasterPid(dataDir);
        long stoppedAt = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(postmaster)).inheritIO().start().waitFor();
        watch.start();
        TestGrid.eventually(Duration.ofSeconds(25), () -> !failures.isEmpty(), "writes fail while the store is away");
        TestGrid.eventually(Duration.ofSeconds(30), () -> status(port, "/health/ready") == 200,
          "the node starts its store again and is ready, by itself");
        long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        int before = acknowledged.size();
        TestGrid.eventually(Duration.ofSeconds(20), () -> acknowledged.size() > before + 100, "writes succeed again");
        long failingMs = TimeUnit.NANOSECONDS.toMillis(lastFailureAt.get() - stoppedAt);
        running.set(false);
        load.join();
        watch.join();
        assertTrue(slots.tryAcquire(CONCURRENCY, 20, TimeUnit.SECONDS), "every write answered");
        System.out.printf("store stopped under load: writes failed for %d ms (statuses %s), ready again after %d ms;"
          + " %d writes acknowledged, readiness seen %s%n", failingMs, failures, readyMs, acknowledged.size(), readiness);
        // DOWN is any answer but 200: 503 when the store check says KO, 500 when it did not finish in time.
        assertTrue(readiness.stream().anyMatch(status -> status == 503 || status == 500),
          "readiness went DOWN while the store was away: " + readiness);
        assertTrue(failures.keySet().stream().allMatch(status -> status == 500 || status == 503),
          "writes fail with a clear server error while the store is away, never hang: " + failures);
        assertTrue(Files.readString(node.log).contains("is gone; starting it again"), "the node restarted its store");
        JsonArray stored = friendsOf(port);
        Set<String> storedIds = ConcurrentHashMap.newKeySet();
        stored.forEach(row -> storedIds.add(((JsonObject) row).getString("friend")));
        Set<String> lost = ConcurrentHashMap.newKeySet();
        acknowledged.stream().filter(id -> !storedIds.contains(id)).forEach(lost::add);
        assertEquals(Set.of(), lost, "every acknowledged write is in the store");
        node.stop();
      } finally {
        running.set(false);
        load.join();
      }
    } finally {
      if (Files.exists(dataDir.resolve("postmaster.pid"))) {
        ProcessHandle.of(postmasterPid(dataDir)).ifPresent(ProcessHandle::destroy);
      }
    }
  }

  private static HttpRequest storeFriend(int port, String friend) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services/friends/storeFriend"))
      .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("principalId", ALICE).put("friend", friend)
        .put("flags", 1).encode())).build();
  }

  private JsonArray friendsOf(int port) throws Exception {
    HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/services/friends/getFriends")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("principalId", ALICE).encode())).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(200, reply.statusCode(), reply.body());
    Object body = reply.body().trim().startsWith("[") ? new JsonArray(reply.body())
      : new JsonObject(reply.body()).getValue("result");
    return (JsonArray) body;
  }

  private int status(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long postmasterPid(Path dataDir) throws Exception {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
  }
}
