package org.hypergrid.shell;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
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

import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store's lifecycle is the node's, in real processes: a graceful stop (SIGTERM)
 * tells foreign friends before the store goes; a second copy started on a live data directory
 * refuses to start and leaves the live node and its PostgreSQL alone; a PostgreSQL killed under a
 * running node is started again by the node, which recovers by itself; a node killed with -9
 * tells its agents' foreign friends they left at its next start, once.
 */
class StoreLifecycleTest {

  static final String WELCOME = "e0000000-0000-0000-0000-000000000001";
  static final String FREDS_PLACE = "e0000000-0000-0000-0000-0000000000f1";
  static final String SECRET = "57073ec2";

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aGracefulStopOnTheEmbeddedStoreTellsForeignFriendsBeforeTheStoreGoes() throws Exception {
    Path dataDir = NodeProcess.DIR.resolve("graceful-" + UUID.randomUUID()).resolve("postgres").toAbsolutePath();
    JsonObject config = TestGrid.config("Stopping grid", new JsonArray().add(TestGrid.region(WELCOME, "Welcome")));
    config.put("storage", new JsonObject().put("dataDir", dataDir.toString()).put("poolSize", 4));
    int port = config.getJsonObject("http").getJsonObject("private").getInteger("port");
    String home = config.getJsonObject("grid").getString("homeUri");
    try (TestGrid fredsGrid = TestGrid.start(TestGrid.config("Fred's grid", new JsonArray()
           .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))));
         NodeProcess node = NodeProcess.start("graceful-" + UUID.randomUUID().toString().substring(0, 8), config, null,
           null).awaitReady(Duration.ofSeconds(120))) {
      String fredHome = fredsGrid.config.getJsonObject("grid").getString("homeUri");
      Hypergrid.account(fredsGrid, FRED, "Fred", "Foo");
      Hypergrid.foreignFriend(fredsGrid, FRED, Uui.format(ALICE, home, "Alice Smith", SECRET));
      assertEquals(200, call(port, "usermanagement/storeAccount", new JsonObject().put("account", new JsonObject()
        .put("userId", ALICE).put("firstName", "Alice").put("lastName", "Smith"))));
      assertEquals(200, call(port, "friends/storeFriendship", new JsonObject().put("localId", ALICE)
        .put("friend", Uui.format(FRED, fredHome, "Fred Foo", SECRET)).put("flags", 1)));
      fredsGrid.login(FREDS_PLACE, FRED);
      try (AgentInbox fred = new AgentInbox(fredsGrid.vertx, FRED)) {
        assertEquals(200, post(port, "/regions/" + WELCOME + "/agents", new JsonObject().put("agentId", ALICE))
          .statusCode());
        fred.await(AgentInbox.friendStatus(ALICE, true), "Fred hears Alice log in on the standalone node");

        node.stop(); // SIGTERM, as an operator's stop
        fred.await(AgentInbox.friendStatus(ALICE, false), "Fred hears Alice leave with the node");
      }
      String log = Files.readString(node.log);
      assertTrue(!log.contains("not sent to friends"), "every notification went out before the store stopped");
      assertTrue(log.contains("Embedded PostgreSQL with data in"), "the node stopped its store itself, last");
      assertTrue(!Files.exists(dataDir.resolve("postmaster.pid")), "and nothing is left running");
    }
  }

  @Test
  void aNodeKilledWithMinus9TellsForeignFriendsAtItsNextStartOnce() throws Exception {
    Path dataDir = NodeProcess.DIR.resolve("unclean-" + UUID.randomUUID()).resolve("postgres").toAbsolutePath();
    JsonObject config = TestGrid.config("Crashing grid", new JsonArray().add(TestGrid.region(WELCOME, "Welcome")));
    config.put("storage", new JsonObject().put("dataDir", dataDir.toString()).put("poolSize", 4));
    int port = config.getJsonObject("http").getJsonObject("private").getInteger("port");
    String home = config.getJsonObject("grid").getString("homeUri");
    String name = "unclean-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestGrid fredsGrid = TestGrid.start(TestGrid.config("Fred's grid", new JsonArray()
      .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))));
         AgentInbox fred = new AgentInbox(fredsGrid.vertx, FRED)) {
      String fredHome = fredsGrid.config.getJsonObject("grid").getString("homeUri");
      Hypergrid.account(fredsGrid, FRED, "Fred", "Foo");
      Hypergrid.foreignFriend(fredsGrid, FRED, Uui.format(ALICE, home, "Alice Smith", SECRET));
      fredsGrid.login(FREDS_PLACE, FRED);
      try (NodeProcess node = NodeProcess.start(name, config, null, null).awaitReady(Duration.ofSeconds(120))) {
        assertEquals(200, call(port, "usermanagement/storeAccount", new JsonObject().put("account", new JsonObject()
          .put("userId", ALICE).put("firstName", "Alice").put("lastName", "Smith"))));
        assertEquals(200, call(port, "friends/storeFriendship", new JsonObject().put("localId", ALICE)
          .put("friend", Uui.format(FRED, fredHome, "Fred Foo", SECRET)).put("flags", 1)));
        assertEquals(200, post(port, "/regions/" + WELCOME + "/agents", new JsonObject().put("agentId", ALICE))
          .statusCode());
        fred.await(AgentInbox.friendStatus(ALICE, true), "Fred hears Alice log in");
        // The journal is written in batches: a moment after the login it holds Alice's session.
        TestGrid.eventually(Duration.ofSeconds(5), () -> journalled(dataDir) == 1, "the journal holds the session");
        node.kill9();
      }
      assertEquals(0, fred.events().stream().filter(AgentInbox.friendStatus(ALICE, false)).count(),
        "a node killed with -9 tells nobody");
      try (NodeProcess again = NodeProcess.start(name + "-again", config, null, null)
        .awaitReady(Duration.ofSeconds(120))) {
        fred.await(AgentInbox.friendStatus(ALICE, false), "at its next start, Fred hears Alice left");
        again.stop();
      }
      try (NodeProcess third = NodeProcess.start(name + "-third", config, null, null)
        .awaitReady(Duration.ofSeconds(120))) {
        TestGrid.eventually(Duration.ofSeconds(20), () -> {
          try {
            return Files.readString(third.log).contains("Sessions left by an unclean stop: no agent left");
          } catch (Exception e) {
            return false;
          }
        }, "a later start finds nothing left to tell");
        third.stop();
      }
      assertEquals(1, fred.events().stream().filter(AgentInbox.friendStatus(ALICE, false)).count(),
        "told exactly once: " + fred.events());
    } finally {
      if (Files.exists(dataDir.resolve("postmaster.pid"))) {
        ProcessHandle.of(postmasterPid(dataDir)).ifPresent(ProcessHandle::destroy);
      }
    }
  }

  @Test
  void aSecondCopyOnALiveDataDirectoryRefusesAndLeavesTheLiveNodeAlone() throws Exception {
    Path dataDir = NodeProcess.DIR.resolve("twice-" + UUID.randomUUID()).resolve("postgres").toAbsolutePath();
    JsonObject config = TestGrid.config("Owned grid", new JsonArray());
    config.put("storage", new JsonObject().put("dataDir", dataDir.toString()).put("poolSize", 4));
    int port = config.getJsonObject("http").getJsonObject("private").getInteger("port");
    try (NodeProcess owner = NodeProcess.start("owner-" + UUID.randomUUID().toString().substring(0, 8), config, null,
      null).awaitReady(Duration.ofSeconds(120))) {
      long postmaster = postmasterPid(dataDir);
      JsonObject second = config.copy();
      second.put("http", TestGrid.config("Owned grid", new JsonArray()).getJsonObject("http"));
      NodeProcess copy = NodeProcess.start("copy-" + UUID.randomUUID().toString().substring(0, 8), second, null, null);
      int exit = copy.waitForExit(Duration.ofSeconds(60));
      assertTrue(exit != 0, "the second copy does not start");
      String log = Files.readString(copy.log);
      assertTrue(log.contains("is in use by another node (pid " + owner.pid()), "and says which node has the"
        + " directory: " + log.lines().filter(line -> line.contains("in use")).findFirst().orElse(log));

      assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
        "the live node's PostgreSQL was not signalled");
      assertEquals(postmaster, postmasterPid(dataDir));
      assertEquals(200, call(port, "friends/storeFriend", new JsonObject().put("principalId", ALICE)
        .put("friend", FRED).put("flags", 1)), "the live node still writes");
      assertEquals(200, get(port, "/health/ready").statusCode(), "and is ready");
      owner.stop();
    } finally {
      if (Files.exists(dataDir.resolve("postmaster.pid"))) {
        Optional<ProcessHandle> left = ProcessHandle.of(postmasterPid(dataDir));
        left.ifPresent(ProcessHandle::destroy);
      }
    }
  }

  @Test
  void aNodeWhoseEmbeddedPostgresDiedStartsItAgainAndRecovers() throws Exception {
    Path dataDir = NodeProcess.DIR.resolve("revive-" + UUID.randomUUID()).resolve("postgres").toAbsolutePath();
    JsonObject config = TestGrid.config("Reviving grid", new JsonArray());
    config.put("storage", new JsonObject().put("dataDir", dataDir.toString()).put("poolSize", 4));
    int port = config.getJsonObject("http").getJsonObject("private").getInteger("port");
    try (NodeProcess node = NodeProcess.start("revive-" + UUID.randomUUID().toString().substring(0, 8), config, null,
      null).awaitReady(Duration.ofSeconds(120))) {
      long first = postmasterPid(dataDir);
      ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
      TestGrid.eventually(Duration.ofSeconds(30), () -> {
        try {
          return Files.exists(dataDir.resolve("postmaster.pid")) && postmasterPid(dataDir) != first
            && call(port, "friends/storeFriend", new JsonObject().put("principalId", ALICE).put("friend", FRED)
              .put("flags", 1)) == 200;
        } catch (Exception e) {
          return false;
        }
      }, "the node starts its PostgreSQL again and writes through it");
      assertEquals(200, get(port, "/health/ready").statusCode(), "ready again, by itself");
      assertTrue(Files.readString(node.log).contains("is gone; starting it again"));
      node.stop();
    } finally {
      if (Files.exists(dataDir.resolve("postmaster.pid"))) {
        ProcessHandle.of(postmasterPid(dataDir)).ifPresent(ProcessHandle::destroy);
      }
    }
  }

  private int call(int port, String method, JsonObject args) throws Exception {
    return post(port, "/services/" + method, args).statusCode();
  }

  private HttpResponse<String> post(int port, String path, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Rows in the node's session journal, read from its embedded PostgreSQL (the port is in postmaster.pid). */
  private static long journalled(Path dataDir) {
    try {
      int pgPort = Integer.parseInt(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(3).trim());
      Vertx vertx = Vertx.vertx();
      try {
        Pool sql = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(pgPort)
          .setDatabase("postgres").setUser("postgres").setPassword("postgres")).using(vertx).build();
        return TestGrid.await(sql.query("SELECT count(*) FROM session_journal").execute()).iterator().next().getLong(0);
      } finally {
        TestGrid.await(vertx.close());
      }
    } catch (Exception | AssertionError e) {
      return -1;
    }
  }

  private static long postmasterPid(Path dataDir) throws Exception {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
  }
}
