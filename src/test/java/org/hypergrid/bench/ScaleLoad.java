package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The calls of {@link ScaleBench}, as OpenSim makes them: an even agent logs in the way ROBUST's
 * login service and a simulator do (presence {@code login}, grid user {@code loggedin}, then the
 * simulator's presence {@code report}) and out the way a simulator does (presence {@code logout},
 * grid user {@code loggedout}); an odd agent goes through the {@code /regions} API. Each agent's
 * calls go to the node serving its region. Also a foreign grid's {@code statusnotification} with
 * one friend, on the public port.
 */
final class ScaleLoad {

  private static final String OK = "<result>Success</result>";
  private final Vertx vertx;
  private final WebClient web;
  private final ScaleGraph graph;
  /** The private URL of the node serving each region (by region index). */
  private final IntFunction<String> privateUrlOfRegion;
  private final AtomicInteger failuresShown = new AtomicInteger();
  final AtomicLong failures = new AtomicLong();

  ScaleLoad(Vertx vertx, ScaleGraph graph, IntFunction<String> privateUrlOfRegion) {
    this.vertx = vertx;
    this.graph = graph;
    this.privateUrlOfRegion = privateUrlOfRegion;
    this.web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setIdleTimeout(30),
      new PoolOptions().setHttp1MaxSize(128).setMaxWaitQueueSize(-1));
  }

  private String node(int agent) {
    return privateUrlOfRegion.apply(agent % graph.regions());
  }

  Future<Void> login(int agent, int generation) {
    String user = ScaleGraph.user(agent);
    String session = ScaleGraph.session(agent, generation);
    String region = graph.regionOf(agent);
    if (agent % 2 == 1) {
      return check(web.postAbs(node(agent) + "/regions/" + region + "/agents")
        .sendJsonObject(new JsonObject().put("agentId", user).put("sessionId", session))
        .map(reply -> reply.statusCode() == 200 ? null : reply.statusCode() + " " + reply.bodyAsString()));
    }
    return robust(agent, "/presence", "METHOD=login&UserID=" + user + "&SessionID=" + session + "&SecureSessionID="
      + ScaleGraph.session(agent, generation + 100), OK)
      .compose(v -> robust(agent, "/griduser", "METHOD=loggedin&UserID=" + user, "<Online>True</Online>"))
      .compose(v -> robust(agent, "/presence", "METHOD=report&SessionID=" + session + "&RegionID=" + region, OK));
  }

  Future<Void> logout(int agent, int generation) {
    String user = ScaleGraph.user(agent);
    String region = graph.regionOf(agent);
    if (agent % 2 == 1) {
      return check(web.deleteAbs(node(agent) + "/regions/" + region + "/agents/" + user).send()
        .map(reply -> reply.statusCode() == 200 ? null : reply.statusCode() + " " + reply.bodyAsString()));
    }
    return robust(agent, "/presence", "METHOD=logout&SessionID=" + ScaleGraph.session(agent, generation), OK)
      .compose(v -> robust(agent, "/griduser", "METHOD=loggedout&UserID=" + user + "&RegionID=" + region
        + "&Position=%3c128%2c+128%2c+22%3e&LookAt=%3c1%2c+0%2c+0%3e", OK));
  }

  private Future<Void> robust(int agent, String path, String form, String expected) {
    return check(web.postAbs(node(agent) + path).putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer("VERSIONMIN=1&VERSIONMAX=1&" + form))
      .map(reply -> reply.statusCode() == 200 && reply.bodyAsString().contains(expected) ? null
        : path + " " + form.substring(0, form.indexOf('&')) + ": " + reply.statusCode() + " " + reply.bodyAsString()));
  }

  /**
   * Foreign grid 0's user tells us it came online, naming one of its friends here (an agent who
   * is online all along). Completes with null on a good reply, else with what was wrong.
   */
  Future<Void> statusNotification(String publicUrl, int agent, String ourHome) {
    String friend = ScaleGraph.ourUui(agent, ourHome, 0, 0);
    String body = "METHOD=statusnotification&userID=" + ScaleGraph.foreignUser(0, graph.foreignFriend(agent, 0))
      + "&online=True&friend_0=" + URLEncoder.encode(friend, StandardCharsets.UTF_8);
    return check(web.postAbs(publicUrl + "/hgfriends").putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer(body))
      .map(reply -> reply.statusCode() == 200 && reply.bodyAsString().contains("<friend_0>") ? null
        : "statusnotification: " + reply.statusCode() + " " + reply.bodyAsString()));
  }

  /** A failed call or a wrong answer fails the future; the first few are printed. */
  private Future<Void> check(Future<String> call) {
    return call.recover(e -> Future.succeededFuture(e.toString())).compose(problem -> {
      if (problem == null) {
        return Future.succeededFuture();
      }
      failures.incrementAndGet();
      if (failuresShown.incrementAndGet() <= 10) {
        System.out.println("  failed: " + (problem.length() > 300 ? problem.substring(0, 300) : problem));
      }
      return Future.failedFuture(problem);
    });
  }

  /** Runs {@code call(i)} for i in [0, count), {@code concurrency} at a time; completes when all have answered. */
  Future<Void> closedLoop(int count, int concurrency, IntFunction<Future<Void>> call) {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger running = new AtomicInteger(Math.min(concurrency, count));
    if (count == 0) {
      return Future.succeededFuture();
    }
    for (int c = 0; c < Math.min(concurrency, count); c++) {
      vertx.runOnContext(v -> nextOf(count, call, next, running, done));
    }
    return done.future();
  }

  private void nextOf(int count, IntFunction<Future<Void>> call, AtomicInteger next, AtomicInteger running,
                      Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= count) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    call.apply(i).onComplete(ar -> nextOf(count, call, next, running, done));
  }

  /** An operation of an open-loop schedule: it leaves at {@code atNanos} whether or not earlier ones were answered. */
  record Scheduled(long atNanos, IntFunction<Future<Void>> call, int arg) {
  }

  /**
   * Runs a schedule (sorted by time) on a 1 ms ticker. {@code answeredAt[i]} is when operation i
   * was answered ({@code System.nanoTime}), or -1 when it failed; completes once all have answered.
   */
  Future<long[]> openLoop(List<Scheduled> schedule) {
    long[] answeredAt = new long[schedule.size()];
    Promise<long[]> done = Promise.promise();
    if (schedule.isEmpty()) {
      return Future.succeededFuture(answeredAt);
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger outstanding = new AtomicInteger(schedule.size());
    vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      int i;
      while ((i = next.get()) < schedule.size() && schedule.get(i).atNanos() <= now) {
        next.incrementAndGet();
        int op = i;
        Scheduled scheduled = schedule.get(op);
        scheduled.call().apply(scheduled.arg()).onComplete(ar -> {
          answeredAt[op] = ar.succeeded() ? System.nanoTime() : -1;
          if (outstanding.decrementAndGet() == 0) {
            done.complete(answeredAt);
          }
        });
      }
      if (next.get() >= schedule.size()) {
        vertx.cancelTimer(timer);
      }
    });
    return done.future();
  }
}
