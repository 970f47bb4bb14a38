package org.hypergrid.support;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.shell.ServerShellVerticle;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A whole grid node, started the way {@code java -jar} starts it (the server shell with a
 * config), on free loopback ports and its own database, in its own Vert.x instance.
 */
public final class TestGrid implements AutoCloseable {

  public final Vertx vertx;
  public final JsonObject config;
  public final int publicPort;
  public final int privatePort;
  public final WebClient http;
  private final String databaseUri;
  private String deploymentId;
  private Pool sql;

  private TestGrid(Vertx vertx, JsonObject config, int publicPort, int privatePort, String databaseUri) {
    this.vertx = vertx;
    this.config = config;
    this.publicPort = publicPort;
    this.privatePort = privatePort;
    this.databaseUri = databaseUri;
    this.http = WebClient.create(vertx);
  }

  /** A config for one grid: free ports, a fresh database, the given regions; tweak before start. */
  public static JsonObject config(String name, JsonArray regions) {
    int publicPort = freePort();
    int privatePort = freePort();
    String home = "http://127.0.0.1:" + publicPort + "/";
    return new JsonObject()
      .put("grid", new JsonObject().put("name", name).put("homeUri", home).put("friendsServerUri", home))
      .put("http", new JsonObject()
        .put("public", new JsonObject().put("host", "127.0.0.1").put("port", publicPort)
          .put("mounts", new JsonArray().add("hgfriends").add("useragent").add("friends-sim")))
        .put("private", new JsonObject().put("host", "127.0.0.1").put("port", privatePort)
          .put("mounts", new JsonArray().add("services").add("regions").add("health").add("metrics").add("monitor"))))
      .put("storage", new JsonObject().put("uri", TestDatabase.newDatabase()).put("poolSize", 4))
      .put("regions", regions)
      .put("timeouts", new JsonObject().put("regionMs", 1500).put("foreignGridMs", 1500).put("userAgentMs", 1500))
      // Every grid of a test lives on loopback.
      .put("outbound", new JsonObject().put("allowLoopback", true));
  }

  /** A config for a standalone asset server (only the asset service), on a free loopback port and its own database. */
  public static JsonObject assetServer(String name) {
    return new JsonObject()
      .put("grid", new JsonObject().put("name", name))
      .put("http", new JsonObject().put("private", new JsonObject().put("host", "127.0.0.1").put("port", freePort())
        .put("mounts", new JsonArray().add("assets").add("health").add("metrics").add("services"))))
      .put("services", new JsonObject().put("assets", new JsonObject().put("via", "local")))
      .put("storage", new JsonObject().put("uri", TestDatabase.newDatabase()).put("poolSize", 4))
      .put("regions", new JsonArray());
  }

  public static JsonObject region(String id, String name) {
    return new JsonObject().put("id", id).put("name", name).put("x", 1000).put("y", 1000);
  }

  public static TestGrid start(JsonObject config) {
    return start(Vertx.vertx(), config);
  }

  /** Starts the shell on a given Vert.x instance (a clustered one, say). */
  public static TestGrid start(Vertx vertx, JsonObject config) {
    return await(startLater(vertx, config));
  }

  /** Begins starting the shell; the future completes when it is up. */
  public static Future<TestGrid> startLater(Vertx vertx, JsonObject config) {
    JsonObject servers = config.getJsonObject("http");
    TestGrid grid = new TestGrid(vertx, config,
      servers.getJsonObject("public", new JsonObject()).getInteger("port", -1),
      servers.getJsonObject("private", new JsonObject()).getInteger("port", -1),
      config.getJsonObject("storage", new JsonObject()).getString("uri", ""));
    return grid.vertx.deployVerticle(new ServerShellVerticle(), new DeploymentOptions().setConfig(config))
      .map(id -> {
        grid.deploymentId = id;
        return grid;
      });
  }

  /** Stops the shell (and everything it deployed) but keeps the Vert.x instance. */
  public void stop() {
    if (deploymentId != null) {
      await(vertx.undeploy(deploymentId));
      deploymentId = null;
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      if (sql != null) {
        await(sql.close());
      }
      await(vertx.close());
    }
  }

  public String publicUrl(String path) {
    return "http://127.0.0.1:" + publicPort + path;
  }

  public String privateUrl(String path) {
    return "http://127.0.0.1:" + privatePort + path;
  }

  public HttpResponse<Buffer> postForm(String body) {
    return await(postFormLater(body));
  }

  /** POSTs a form to this grid's {@code /hgfriends}; the future has the reply. */
  public Future<HttpResponse<Buffer>> postFormLater(String body) {
    return http.postAbs(publicUrl("/hgfriends")).timeout(10_000)
      .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body));
  }

  public FriendsService friends() {
    return FriendsService.createProxy(vertx, FriendsService.ADDRESS);
  }

  public PresenceService presence() {
    return PresenceService.createProxy(vertx, PresenceService.ADDRESS);
  }

  public GridService grid() {
    return GridService.createProxy(vertx, GridService.ADDRESS);
  }

  public UserManagementService users() {
    return UserManagementService.createProxy(vertx, UserManagementService.ADDRESS);
  }

  /** Logs an agent into a region through the private HTTP endpoint, as a simulator would. */
  public JsonObject login(String regionId, String agentId) {
    return login(regionId, agentId, null);
  }

  /** Logs a visitor from the grid at {@code homeUri} (null: one of our users) into a region. */
  public JsonObject login(String regionId, String agentId, String homeUri) {
    return await(loginLater(regionId, agentId, homeUri));
  }

  /** {@link #login}, without waiting: the future has the region's answer, or fails with it. */
  public Future<JsonObject> loginLater(String regionId, String agentId, String homeUri) {
    return http.postAbs(privateUrl("/regions/" + regionId + "/agents")).timeout(10_000)
      .sendJsonObject(new JsonObject().put("agentId", agentId).put("homeUri", homeUri))
      .compose(response -> response.statusCode() == 200 ? Future.succeededFuture(response.bodyAsJsonObject())
        : Future.failedFuture(new IllegalStateException("login failed: " + response.statusCode() + " "
          + response.bodyAsString())));
  }

  public HttpResponse<Buffer> logout(String regionId, String agentId) {
    return await(logoutLater(regionId, agentId));
  }

  public Future<HttpResponse<Buffer>> logoutLater(String regionId, String agentId) {
    return http.deleteAbs(privateUrl("/regions/" + regionId + "/agents/" + agentId)).timeout(10_000).send();
  }

  /** The data of one check of the private {@code /health} (e.g. "fanout", "verifications"). */
  public JsonObject health(String checkId) {
    JsonObject health = await(http.getAbs(privateUrl("/health")).send()).bodyAsJsonObject();
    for (Object check : health.getJsonArray("checks")) {
      if (checkId.equals(((JsonObject) check).getString("id"))) {
        return ((JsonObject) check).getJsonObject("data");
      }
    }
    throw new AssertionError("no check " + checkId + " in " + health);
  }

  /**
   * The value of a meter in the private {@code /metrics} (Prometheus text), summed over the
   * series whose labels contain every one of {@code labels} (e.g. {@code outcome="rejected"}).
   */
  public double metric(String name, String... labels) {
    return await(metricLater(name, labels));
  }

  /** {@link #metric}, without waiting. */
  public Future<Double> metricLater(String name, String... labels) {
    return http.getAbs(privateUrl("/metrics")).send().map(response -> {
      double sum = 0;
      for (String line : response.bodyAsString().split("\n")) {
        if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
          String series = line.substring(0, line.lastIndexOf(' '));
          if (java.util.Arrays.stream(labels).allMatch(series::contains)) {
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
      }
      return sum;
    });
  }

  /** Direct SQL on the grid's database, for what a user cannot see through the API (row snapshots). */
  public Pool sql() {
    if (sql == null) {
      sql = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(databaseUri)).using(vertx).build();
    }
    return sql;
  }

  /** A digest of every stored row: equal before and after means nothing was changed (presence is in memory). */
  public String snapshot() {
    String query = "SELECT (SELECT coalesce(md5(string_agg(principal_id || '|' || friend || '|' || flags, ',' ORDER BY principal_id, friend)), '') FROM friends)"
      + " || (SELECT coalesce(md5(string_agg(user_id::text, ',' ORDER BY user_id)), '') FROM user_accounts)"
      + " || (SELECT coalesce(md5(string_agg(user_id::text || grid_uri, ',' ORDER BY user_id)), '') FROM travels)"
      + " || (SELECT count(*) FROM user_service_urls)::text AS digest";
    return await(sql().query(query).execute()).iterator().next().getString("digest");
  }

  /** A digest of every row of one table. */
  public String snapshotOf(String table) {
    return await(sql().query("SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM " + table + " t")
      .execute()).iterator().next().getString(0);
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
  }

  /**
   * For asynchronous tests: completes once the asynchronous check answers true (asked again on a
   * timer every 20 ms while it answers false), or fails after the deadline saying {@code what}.
   */
  public static Future<Void> until(Vertx vertx, Duration deadline, java.util.function.Supplier<Future<Boolean>> check,
                                   String what) {
    long end = System.nanoTime() + deadline.toNanos();
    return check.get().compose(holds -> {
      if (holds) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() > end) {
        return Future.failedFuture(new AssertionError("not reached within " + deadline + ": " + what));
      }
      return vertx.timer(20).compose(t -> until(vertx, Duration.ofNanos(end - System.nanoTime()), check, what));
    });
  }

  /**
   * Waits for an asynchronous outcome: {@link #until} with the condition checked on a worker
   * (checks may call the grid and wait), the caller waiting for the first check that holds and
   * failing at the deadline. A check that throws fails at once. The checks run on a Vert.x of
   * their own (off the test's instances), closed when the wait ends.
   */
  public static void eventually(Duration deadline, BooleanSupplier condition, String what) {
    Vertx poller = Vertx.vertx();
    try {
      await(until(poller, deadline, () -> poller.executeBlocking(condition::getAsBoolean, false), what));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof AssertionError assertion) {
        throw assertion;
      }
      throw e;
    } finally {
      await(poller.close());
    }
  }

  public static int freePort() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        // The kernel may hand the same free port out twice in a row: a grid's public and private
        // servers then shared one port (Vert.x shares a port between servers of one instance),
        // and half the private requests reached the public routes.
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Every port {@link #freePort} returned in this JVM: none is returned twice. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
}
