package org.hypergrid.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failures (failed friendship verifications) per key — a claimed foreign user, a remote
 * address — in fixed windows, and says when a key has had too many in the current one. At most
 * {@code maxKeys} keys are remembered (the least recently seen are forgotten), so a caller
 * cannot make us store without bound.
 */
public final class FailureLimiter {

  private final int limit;
  private final long windowMs;
  private final int maxKeys;
  private final Map<String, long[]> windows;

  public FailureLimiter(int limit, long windowMs, int maxKeys) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.windows = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
        return size() > FailureLimiter.this.maxKeys;
      }
    };
  }

  /** True when {@code key} has reached the limit in the current window. */
  public synchronized boolean blocked(String key) {
    long[] window = current(key, false);
    return window != null && window[1] >= limit;
  }

  public synchronized void failed(String key, int failures) {
    if (failures > 0) {
      current(key, true)[1] += failures;
    }
  }

  /** {start, count} of the key's window now; a fresh one when the last has passed. */
  private long[] current(String key, boolean create) {
    long now = System.currentTimeMillis();
    long[] window = windows.get(key);
    if (window == null || now - window[0] >= windowMs) {
      if (!create) {
        return null;
      }
      window = new long[] {now, 0};
      windows.put(key, window);
    }
    return window;
  }
}
