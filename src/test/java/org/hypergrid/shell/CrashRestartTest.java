package org.hypergrid.shell;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.support.NodeProcess;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A standalone node on its embedded PostgreSQL, killed with -9, starts again on the same data
 * directory without help: the orphaned PostgreSQL of that directory is shut down first, and every
 * friendship the killed node acknowledged is there, both rows.
 */
class CrashRestartTest {

  static final int FRIENDSHIPS = 20;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aNodeKilledWithMinus9RestartsOnItsDataDirectoryWithEveryAcknowledgedWrite() throws Exception {
    Path dataDir = NodeProcess.DIR.resolve("crash-" + UUID.randomUUID()).resolve("postgres").toAbsolutePath();
    JsonObject config = TestGrid.config("Crashing grid", new JsonArray());
    config.put("storage", new JsonObject().put("dataDir", dataDir.toString()).put("poolSize", 4));
    int privatePort = config.getJsonObject("http").getJsonObject("private").getInteger("port");

    long orphanPid;
    try (NodeProcess first = NodeProcess.start("crash-first", config, null, null).awaitReady(Duration.ofSeconds(120))) {
      for (int i = 0; i < FRIENDSHIPS; i++) {
        assertEquals(200, call(privatePort, "friends/storeFriend", friendship(i, true)), "row acknowledged");
        assertEquals(200, call(privatePort, "friends/storeFriend", friendship(i, false)), "row acknowledged");
      }
      orphanPid = postmasterPid(dataDir);
      first.kill9();
    }
    assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false),
      "the killed node left its PostgreSQL running");

    try (NodeProcess second = NodeProcess.start("crash-second", config, null, null).awaitReady(Duration.ofSeconds(120))) {
      assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "the orphan was shut down");
      for (int i = 0; i < FRIENDSHIPS; i++) {
        assertEquals(1, friends(privatePort, user(i, 'a')).size(), "friendship " + i + ", first row");
        assertEquals(1, friends(privatePort, user(i, 'b')).size(), "friendship " + i + ", second row");
      }
      second.stop();
    } finally {
      // Never leave a PostgreSQL behind, whatever failed above.
      if (Files.exists(dataDir.resolve("postmaster.pid"))) {
        Optional<ProcessHandle> left = ProcessHandle.of(postmasterPid(dataDir));
        left.ifPresent(ProcessHandle::destroy);
      }
    }
  }

  private static JsonObject friendship(int i, boolean forward) {
    String a = user(i, 'a');
    String b = user(i, 'b');
    return new JsonObject().put("principalId", forward ? a : b).put("friend", forward ? b : a).put("flags", 1);
  }

  private static String user(int i, char side) {
    return String.format("%c%07d-0000-0000-0000-000000000000", side, i);
  }

  private JsonArray friends(int port, String principal) throws Exception {
    HttpResponse<String> reply = post(port, "friends/getFriends", new JsonObject().put("principalId", principal));
    assertEquals(200, reply.statusCode(), reply.body());
    return new JsonObject(reply.body()).getJsonArray("result");
  }

  private int call(int port, String method, JsonObject args) throws Exception {
    return post(port, method, args).statusCode();
  }

  private HttpResponse<String> post(int port, String method, JsonObject args) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services/" + method))
      .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(args.encode())).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private static long postmasterPid(Path dataDir) throws Exception {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
  }
}
