package org.hypergrid.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;

/**
 * Counts events per key in fixed windows — failed friendship verifications per claimed foreign
 * user or remote address, friendship offers per foreign grid — and says when a key has had too
 * many in the current one. At most
 * {@code maxKeys} keys are remembered (the least recently seen are forgotten, and a key is
 * forgotten once its window has passed), so a caller cannot make us store without bound.
 */
public final class WindowLimiter {

  private final int limit;
  private final long windowMs;
  /** key → {window start, failures in it}. */
  private final Cache<String, long[]> windows;

  public WindowLimiter(int limit, long windowMs, int maxKeys) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.windows = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(Duration.ofMillis(windowMs)).build();
  }

  /** True when {@code key} has reached the limit in the current window. */
  public boolean blocked(String key) {
    long[] window = windows.getIfPresent(key);
    return window != null && isCurrent(window, System.currentTimeMillis()) && window[1] >= limit;
  }

  public void count(String key, int failures) {
    if (failures <= 0) {
      return;
    }
    long now = System.currentTimeMillis();
    windows.asMap().compute(key, (k, window) -> window == null || !isCurrent(window, now)
      ? new long[] {now, failures} : new long[] {window[0], window[1] + failures});
  }

  private boolean isCurrent(long[] window, long now) {
    return now - window[0] < windowMs;
  }

  /** Counts one event for {@code key} unless it is at the limit already: true when it was counted (allowed). */
  public boolean tryCount(String key) {
    long now = System.currentTimeMillis();
    boolean[] allowed = new boolean[1];
    windows.asMap().compute(key, (k, window) -> {
      if (window == null || !isCurrent(window, now)) {
        allowed[0] = true;
        return new long[] {now, 1};
      }
      allowed[0] = window[1] < limit;
      return allowed[0] ? new long[] {window[0], window[1] + 1} : window;
    });
    return allowed[0];
  }
}
