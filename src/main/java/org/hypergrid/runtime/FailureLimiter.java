package org.hypergrid.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;

/**
 * Counts failures (failed friendship verifications) per key — a claimed foreign user, a remote
 * address — in fixed windows, and says when a key has had too many in the current one. At most
 * {@code maxKeys} keys are remembered (the least recently seen are forgotten, and a key is
 * forgotten once its window has passed), so a caller cannot make us store without bound.
 */
public final class FailureLimiter {

  private final int limit;
  private final long windowMs;
  /** key → {window start, failures in it}. */
  private final Cache<String, long[]> windows;

  public FailureLimiter(int limit, long windowMs, int maxKeys) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.windows = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(Duration.ofMillis(windowMs)).build();
  }

  /** True when {@code key} has reached the limit in the current window. */
  public boolean blocked(String key) {
    long[] window = windows.getIfPresent(key);
    return window != null && isCurrent(window, System.currentTimeMillis()) && window[1] >= limit;
  }

  public void failed(String key, int failures) {
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
}
