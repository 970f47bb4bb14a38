package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.runtime.ClusterView;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.TestGrid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One grid of {@link ScaleBench} in a JVM of its own: a full node on its own embedded PostgreSQL,
 * as {@code java -jar} starts it, with the population bulk-loaded into its store and a
 * {@link ScaleObserver} beside it. Our grid ("node", or "member" of a two-node cluster whose second
 * node uses the first one's store) serves the regions; a foreign grid ("grid") holds the foreign
 * users, logs them in (so that our agents' statuses are delivered to them, where they are heard)
 * and answers our statusnotifications. Writes what the bench needs to a file once ready and runs
 * until killed.
 * Arguments: specFile readyFile
 */
public final class ScaleGridProcess {

  public static void main(String[] args) throws Exception {
    JsonObject spec = new JsonObject(Files.readString(Path.of(args[0])));
    Path ready = Path.of(args[1]);
    ScaleGraph graph = ScaleGraph.of(spec.getJsonObject("graph"));
    String role = spec.getString("role");
    JsonObject me = spec.getJsonObject("me");
    boolean foreign = "grid".equals(role);
    JsonObject config = config(spec, graph, foreign);
    long started = System.nanoTime();
    Vertx vertx = spec.getBoolean("clustered", false) ? ClusterConfig.node(spec.getString("cluster"), role)
      : Vertx.vertx();
    TestGrid grid = TestGrid.start(vertx, config);
    double startSeconds = (System.nanoTime() - started) / 1e9;
    ClusterView cluster = ClusterView.of(vertx);
    String nodeId = cluster.nodeId(); // the journal's name for this node's sessions
    cluster.close();
    JsonObject report = new JsonObject().put("pid", ProcessHandle.current().pid())
      .put("publicUrl", grid.publicUrl("")).put("privateUrl", grid.privateUrl(""))
      .put("startSeconds", startSeconds).put("storePort", me.getInteger("storePort"))
      .put("nodeId", nodeId)
      .put("dataDir", Path.of(me.getString("dataDir")).toAbsolutePath().toString());
    if (me.getBoolean("loads", true)) {
      long loadStart = System.nanoTime();
      long rows;
      try (ScaleStore store = new ScaleStore(storeUri(me.getInteger("storePort")))) {
        rows = foreign ? loadForeign(store, graph, spec) : loadOurs(store, graph, spec);
      }
      report.put("rows", rows).put("loadSeconds", (System.nanoTime() - loadStart) / 1e9);
    }
    ScaleObserver observer = new ScaleObserver(graph);
    report.put("controlUrl", "http://127.0.0.1:" + observer.start(vertx));
    if (foreign) {
      long loginStart = System.nanoTime();
      logInForeignUsers(grid, graph, spec.getInteger("grid"));
      report.put("foreignLoginSeconds", (System.nanoTime() - loginStart) / 1e9);
    }
    Path partial = ready.resolveSibling(ready.getFileName() + ".part");
    Files.writeString(partial, report.encode());
    Files.move(partial, ready);
    Thread.currentThread().join(); // until the bench kills this JVM
  }

  private static final JsonObject LOCAL = new JsonObject().put("via", "local");

  static String storeUri(int port) {
    return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
  }

  /** The shipped defaults and conf/opensim-grid.json's servers, on this grid's ports and store; our grid serves its share of the regions. */
  private static JsonObject config(JsonObject spec, ScaleGraph graph, boolean foreign) {
    JsonObject me = spec.getJsonObject("me");
    JsonArray regions = new JsonArray();
    int first = me.getInteger("firstRegion", 0);
    int count = foreign ? 1 : me.getInteger("regionCount", graph.regions());
    for (int r = first; r < first + count; r++) {
      regions.add(new JsonObject().put("id", foreign ? ScaleGraph.foreignRegion(spec.getInteger("grid"))
          : ScaleGraph.region(r)).put("name", (foreign ? "Foreign " : "Scale ") + r)
        .put("x", 1000 + r % 250).put("y", 1000 + r / 250));
    }
    String home = me.getString("home");
    JsonObject storage = me.getBoolean("loads", true)
      ? new JsonObject().put("dataDir", me.getString("dataDir")).put("embeddedPort", me.getInteger("storePort"))
      : new JsonObject().put("uri", storeUri(me.getInteger("storePort")));
    return new JsonObject()
      .put("grid", new JsonObject().put("name", foreign ? "Foreign grid " + spec.getInteger("grid") : "Scale grid")
        .put("homeUri", home).put("friendsServerUri", home))
      .put("http", new JsonObject()
        .put("public", new JsonObject().put("host", "127.0.0.1").put("port", me.getInteger("publicPort"))
          .put("instances", 2).put("mounts", new JsonArray().add("hgfriends").add("useragent")))
        .put("private", new JsonObject().put("host", "127.0.0.1").put("port", me.getInteger("privatePort"))
          .put("instances", 2).put("connections", new JsonObject().put("maxPerAddress", 1024))
          .put("mounts", new JsonArray().add("opensim").add("services").add("regions").add("health")
            .add("metrics"))))
      // As conf/opensim-grid.json: every service here, the grid user service too.
      .put("services", new JsonObject().put("hgfriends", LOCAL).put("friends", LOCAL).put("presence", LOCAL)
        .put("grid", LOCAL).put("usermanagement", LOCAL).put("griduser", LOCAL))
      .put("storage", storage.put("poolSize", 16))
      .put("regions", regions)
      // Every grid of the bench lives on loopback.
      .put("outbound", new JsonObject().put("allowLoopback", true));
  }

  /** Our users, 12 local friendships each and 2 with each foreign grid's users, both rows of each. */
  private static long loadOurs(ScaleStore store, ScaleGraph graph, JsonObject spec) throws Exception {
    JsonArray homes = spec.getJsonArray("foreignHomes");
    return store.loadFriends(accounts -> {
      for (int i = 0; i < graph.users(); i++) {
        accounts.add(ScaleGraph.user(i), "User", String.valueOf(i));
      }
    }, friends -> {
      for (int i = 0; i < graph.users(); i++) {
        String me = ScaleGraph.user(i);
        for (int friend : graph.localFriends(i)) {
          friends.add(me, ScaleGraph.user(friend), "1");
        }
        for (int g = 0; g < ScaleGraph.GRIDS; g++) {
          for (int k = 0; k < ScaleGraph.FRIENDS_PER_GRID; k++) {
            String theirs = graph.foreignUui(i, g, k, homes.getString(g));
            friends.add(me, theirs, "1");
            friends.add(theirs, me, "1");
          }
        }
      }
    });
  }

  /** A foreign grid's users, and both rows of each of their friendships with our users. */
  private static long loadForeign(ScaleStore store, ScaleGraph graph, JsonObject spec) throws Exception {
    int g = spec.getInteger("grid");
    String ourHome = spec.getString("ourHome");
    return store.loadFriends(accounts -> {
      for (int f = 0; f < graph.foreignUsers(); f++) {
        accounts.add(ScaleGraph.foreignUser(g, f), "Foreign" + g, String.valueOf(f));
      }
    }, friends -> {
      for (int i = 0; i < graph.users(); i++) {
        for (int k = 0; k < ScaleGraph.FRIENDS_PER_GRID; k++) {
          String mine = ScaleGraph.foreignUser(g, graph.foreignFriend(i, k));
          String ours = ScaleGraph.ourUui(i, ourHome, g, k);
          friends.add(mine, ours, "1");
          friends.add(ours, mine, "1");
        }
      }
    });
  }

  /** Every foreign user online in the grid's region, 64 logins at a time. */
  private static void logInForeignUsers(TestGrid grid, ScaleGraph graph, int g) {
    String region = ScaleGraph.foreignRegion(g);
    List<Future<JsonObject>> logins = new ArrayList<>();
    for (int f = 0; f < graph.foreignUsers(); f++) {
      logins.add(grid.loginLater(region, ScaleGraph.foreignUser(g, f), null));
      if (logins.size() == 64) {
        TestGrid.await(Future.all(logins));
        logins.clear();
      }
    }
    TestGrid.await(Future.all(logins));
  }
}
