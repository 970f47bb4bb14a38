package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.runtime.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Writes the sessions this node holds to the presence service's journal, a batch every
 * {@code flushMs} (a login costs the store nothing on its way), so that what was online here
 * survives this node dying unseen. A batch that cannot be written is kept and tried again, up to
 * {@link #MAX_PENDING} entries (past that the oldest are dropped, logged).
 */
public final class SessionJournal implements PresenceView.OwnSessions {

  private static final Logger LOG = LoggerFactory.getLogger(SessionJournal.class);
  static final int MAX_PENDING = 100_000;
  /** Changes written in one call. */
  static final int BATCH = 5_000;

  private final Vertx vertx;
  private final PresenceService presence;
  private final long timer;
  private List<JsonObject> started = new ArrayList<>();
  private List<JsonObject> ended = new ArrayList<>();
  private Future<Void> flushing = Future.succeededFuture();
  private final BooleanSupplier handedOver;

  /** {@code handedOver}: true once the cluster took this node's sessions (nothing more is written then). */
  public SessionJournal(Vertx vertx, PresenceService presence, long flushMs, BooleanSupplier handedOver) {
    this.vertx = vertx;
    this.presence = presence;
    this.handedOver = handedOver;
    this.timer = vertx.setPeriodic(flushMs, t -> flush());
  }

  @Override
  public synchronized void recorded(PresenceView.Session session) {
    started.add(new JsonObject().put("agent", session.agentId().toString())
      .put("session", session.sessionId().toString()).put("node", session.nodeId()));
    trim(started);
  }

  @Override
  public synchronized void ended(UUID agentId, UUID sessionId) {
    ended.add(new JsonObject().put("agent", agentId.toString()).put("session", sessionId.toString()));
    trim(ended);
  }

  private static void trim(List<JsonObject> pending) {
    if (pending.size() > MAX_PENDING) {
      pending.subList(0, pending.size() - MAX_PENDING).clear();
      LogLimiter.warn(LOG, "journal full", "Session journal: more than {} changes waiting for the presence service;"
        + " the oldest are dropped", MAX_PENDING);
    }
  }

  /**
   * Writes what waits, after the write before it, at most {@value #BATCH} changes a call (the
   * presence service takes no more at once); a burst is written in several calls, one after the
   * other. Every waiting start is written before any waiting end, so an end never precedes the
   * start it ends.
   */
  public Future<Void> flush() {
    List<JsonObject> starting;
    List<JsonObject> ending;
    synchronized (this) {
      if (handedOver.getAsBoolean()) {
        // The journal's entries for this node belong to the node telling its agents' friends now.
        started.clear();
        ended.clear();
      }
      if (started.isEmpty() && ended.isEmpty() || !flushing.isComplete()) {
        return flushing;
      }
      starting = take(started, BATCH);
      ending = started.isEmpty() ? take(ended, BATCH - starting.size()) : List.of();
    }
    flushing = presence.journalSessions(new JsonArray(starting), new JsonArray(ending))
      .onSuccess(written -> {
        synchronized (this) {
          if (!started.isEmpty() || !ended.isEmpty()) {
            vertx.runOnContext(v -> flush()); // the rest of a burst, right after
          }
        }
      })
      .recover(e -> {
        synchronized (this) {
          started.addAll(0, starting);
          ended.addAll(0, ending);
        }
        LogLimiter.warn(LOG, "journal write", "Session journal not written ({}); trying again", e.getMessage());
        return Future.succeededFuture();
      });
    return flushing;
  }

  /** Removes and answers the first {@code max} of {@code pending}. */
  private static List<JsonObject> take(List<JsonObject> pending, int max) {
    List<JsonObject> first = pending.subList(0, Math.min(max, pending.size()));
    List<JsonObject> taken = new ArrayList<>(first);
    first.clear();
    return taken;
  }

  /** The node stops: the timer goes, then what waits is written, a call at a time (no retry of a failed one). */
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return flushing.transform(done -> drain(MAX_PENDING / BATCH + 1));
  }

  private Future<Void> drain(int calls) {
    boolean pending;
    synchronized (this) {
      pending = !started.isEmpty() || !ended.isEmpty();
    }
    if (!pending || calls == 0) {
      return Future.succeededFuture();
    }
    int before = waiting();
    return flush().compose(v -> waiting() < before ? drain(calls - 1) : Future.succeededFuture());
  }

  private synchronized int waiting() {
    return started.size() + ended.size();
  }
}
