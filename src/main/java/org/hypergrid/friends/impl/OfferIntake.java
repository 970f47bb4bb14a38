package org.hypergrid.friends.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.clients.OfferValidator;
import org.hypergrid.friends.engine.GridMetrics;
import org.hypergrid.friends.engine.RegionProtocol;
import org.hypergrid.friends.engine.StatusFanout;
import org.hypergrid.runtime.Bulkhead;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.runtime.WindowLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Friendship offers from foreign grids, which anyone can send: each costs us calls to the
 * offerer's home grid and a row, so each is bounded. A grid may offer {@code perGridPerMinute};
 * at most {@code validationConcurrency} offers are checked with home grids at once and
 * {@code validationQueue} wait; an offer to a user whose pending offers are at the cap is dropped
 * before any call. What became of each is counted ({@code hg.friendship.offers{outcome}}).
 */
public final class OfferIntake {

  private static final Logger LOG = LoggerFactory.getLogger(OfferIntake.class);
  private static final Pattern HG_NAME = Pattern.compile("([^.@\\s]+)\\.([^.@\\s]+)@([^@\\s/]+)");
  /** Grids remembered by the per-grid limiter. */
  private static final int MAX_GRIDS = 100_000;
  private static final long MINUTE_MS = 60_000;

  private final FriendsService friends;
  private final OfferValidator validator;
  private final StatusFanout fanout;
  private final GridMetrics metrics;
  private final int maxPending;
  private final WindowLimiter perGrid;
  private final Bulkhead checks;

  /** Who offered, from their FromName {@code first.last@host:port}. */
  record Offerer(String display, String homeUri, String grid) {
  }

  public OfferIntake(FriendsService friends, OfferValidator validator, StatusFanout fanout, GridMetrics metrics,
                     int maxPending, int perGridPerMinute, int concurrency, int queue) {
    this.friends = friends;
    this.validator = validator;
    this.fanout = fanout;
    this.metrics = metrics;
    this.maxPending = maxPending;
    this.perGrid = new WindowLimiter(perGridPerMinute, MINUTE_MS, MAX_GRIDS);
    this.checks = new Bulkhead(concurrency, queue);
  }

  /** False when the offer's grid has used its minute's share (counted and logged); an unnamed offer passes here. */
  boolean admits(String fromName) {
    Optional<Offerer> offerer = offerer(fromName);
    if (offerer.isEmpty() || perGrid.tryCount(offerer.get().grid())) {
      return true;
    }
    metrics.offer("rate");
    LogLimiter.warn(LOG, "offers rate", "friendship_offered from grid {}: more than its share of offers this minute;"
      + " refused", offerer.get().grid());
    return false;
  }

  /** After the caller has its answer: check the offer with its home grid, store it pending, show it to our user. */
  void take(String fromId, String toId, String message, String fromName) {
    Optional<Offerer> offerer = offerer(fromName);
    if (offerer.isEmpty()) {
      metrics.offer("unnamed");
      LogLimiter.warn(LOG, "offer unnamed", "friendship_offered from {}: FromName '{}' is not first.last@host:port;"
        + " dropped", fromId, String.valueOf(fromName));
      return;
    }
    Offerer from = offerer.get();
    checks.run(() -> friends.pendingOffers(toId)
        .compose(pending -> pending >= maxPending ? Future.succeededFuture(FriendsService.OFFER_FULL)
          : validator.confirms(from.homeUri(), fromId, toId).compose(valid -> valid
            ? friends.storeOffer(toId, Uui.format(fromId, from.homeUri(), from.display(), Secrets.newSecret()))
            : Future.succeededFuture("rejected"))))
      .onSuccess(outcome -> {
        metrics.offer(FriendsService.OFFER_STORED.equals(outcome) ? "recorded" : outcome);
        if (FriendsService.OFFER_STORED.equals(outcome)) {
          fanout.deliverToAgent(toId, new JsonObject().put("type", RegionProtocol.FRIENDSHIP_OFFERED)
            .put("fromId", fromId).put("fromName", from.display()).put("message", message)
            .put("at", Instant.now().toString()));
        } else if (FriendsService.OFFER_FULL.equals(outcome)) {
          LogLimiter.warn(LOG, "offers full", "friendship_offered from {} to {}: {} offers wait already; dropped",
            fromId, toId, maxPending);
        } else if (!FriendsService.OFFER_KNOWN.equals(outcome)) {
          LogLimiter.warn(LOG, "offer not confirmed", "friendship_offered from {} to {}: home grid {} does not know it;"
            + " dropped", fromId, toId, from.homeUri());
        }
      })
      .onFailure(e -> {
        boolean busy = e instanceof ServiceException se && se.failureCode() == ServiceErrors.TOO_MANY;
        metrics.offer(busy ? "busy" : "rejected");
        LogLimiter.warn(LOG, busy ? "offers busy" : "offer not recorded", "friendship_offered from {} to {} not"
          + " recorded: {}", fromId, toId, e.getMessage());
      });
  }

  private static Optional<Offerer> offerer(String fromName) {
    Matcher name = HG_NAME.matcher(fromName == null ? "" : fromName);
    if (!name.matches()) {
      return Optional.empty();
    }
    String grid = name.group(3).toLowerCase(Locale.ROOT);
    return Optional.of(new Offerer(name.group(1) + " " + name.group(2), "http://" + name.group(3) + "/", grid));
  }
}
