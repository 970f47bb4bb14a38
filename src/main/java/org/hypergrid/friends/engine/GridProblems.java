package org.hypergrid.friends.engine;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * What went wrong on this node, for operators: failed notifications to foreign grids, circuits
 * that opened, region deliveries that failed, nodes that left the cluster. Each is published on
 * {@link #ADDRESS} (the operator page shows it live, in red) and the latest {@value #KEPT} are kept
 * for a page that opens later. Bounded whatever the callers do; the counters on {@code /metrics}
 * keep the totals.
 */
public final class GridProblems {

  public static final String ADDRESS = "hg.events.problems";
  static final int KEPT = 200;
  private static final int MAX_DETAIL = 300;

  /** The same problem of the same subject is recorded at most once in this long (a storm is one line). */
  private static final long REPEAT_MS = 5_000;
  private static final int MAX_SUBJECTS = 1_000;

  private final Vertx vertx;
  private final Deque<JsonObject> latest = new ArrayDeque<>();
  private final Map<String, Long> lastRecorded = new HashMap<>();

  public GridProblems(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * One problem: {@code kind} in a few words ("notification failed", "circuit open", "node left",
   * "delivery failed"), {@code subject} what it concerns (a grid's host, a node, a region), and why.
   */
  public void record(String kind, String subject, String detail) {
    if (!firstInAWhile(kind + " " + subject)) {
      return;
    }
    String why = detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail;
    JsonObject problem = new JsonObject().put("at", Instant.now().toString()).put("kind", kind)
      .put("subject", subject).put("detail", why);
    synchronized (latest) {
      latest.addFirst(problem);
      while (latest.size() > KEPT) {
        latest.removeLast();
      }
    }
    vertx.eventBus().publish(ADDRESS, problem);
  }

  private boolean firstInAWhile(String key) {
    long now = System.currentTimeMillis();
    synchronized (lastRecorded) {
      Long before = lastRecorded.get(key);
      if (before != null && now - before < REPEAT_MS) {
        return false;
      }
      if (lastRecorded.size() >= MAX_SUBJECTS) {
        lastRecorded.clear();
      }
      lastRecorded.put(key, now);
      return true;
    }
  }

  /** The latest problems, newest first, at most {@code max}. */
  public JsonArray latest(int max) {
    JsonArray list = new JsonArray();
    synchronized (latest) {
      for (JsonObject problem : latest) {
        if (list.size() == max) {
          break;
        }
        list.add(problem);
      }
    }
    return list;
  }
}
