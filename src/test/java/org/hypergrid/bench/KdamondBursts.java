package org.hypergrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When the kernel's memory monitor (DAMON's kdamond thread) ran during a benchmark. On this
 * machine kind it wakes every 500 ms and holds a core for up to ~20 ms, in a kernel built without
 * preemption, and the replies in flight then wait for it. Its run time is read from
 * {@code /proc/<pid>/schedstat} every millisecond; each growth is a burst that ended when seen.
 */
final class KdamondBursts {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** [start, end] of each burst, in System.nanoTime (the machine's monotonic clock). */
  private final List<long[]> bursts = new ArrayList<>();
  private final Path schedstat;
  private volatile boolean running = true;

  private KdamondBursts(long pid) {
    this.schedstat = Path.of("/proc/" + pid + "/schedstat");
  }

  /** Starts watching, or returns null when the machine runs no kdamond ({@code pid} ≤ 0). */
  static KdamondBursts watch(long pid) {
    if (pid <= 0) {
      return null;
    }
    KdamondBursts watcher = new KdamondBursts(pid);
    Thread thread = new Thread(watcher::poll, "kdamond-watch");
    thread.setDaemon(true);
    thread.start();
    return watcher;
  }

  private void poll() {
    long last = -1;
    while (running) {
      try {
        long ran = Long.parseLong(Files.readString(schedstat).split(" ")[0]);
        long now = System.nanoTime();
        if (last >= 0 && ran > last) {
          synchronized (bursts) {
            long[] previous = bursts.isEmpty() ? null : bursts.get(bursts.size() - 1);
            // Growth seen on consecutive polls is one burst.
            if (previous != null && now - previous[1] <= 3 * POLL_NANOS) {
              previous[1] = now;
            } else {
              bursts.add(new long[] {now - (ran - last), now});
            }
          }
        }
        last = ran;
      } catch (IOException | RuntimeException e) {
        return;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  void stop() {
    running = false;
  }

  /** True when a burst overlapped [from, to] (widened by one poll, the reading's own uncertainty). */
  boolean overlaps(long from, long to) {
    synchronized (bursts) {
      int low = 0;
      int high = bursts.size();
      while (low < high) { // first burst ending at or after from
        int mid = (low + high) >>> 1;
        if (bursts.get(mid)[1] < from - POLL_NANOS) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low < bursts.size() && bursts.get(low)[0] <= to + POLL_NANOS;
    }
  }

  /** Burst count, their total and longest duration in ms. */
  String summary() {
    synchronized (bursts) {
      long total = 0;
      long longest = 0;
      for (long[] burst : bursts) {
        total += burst[1] - burst[0];
        longest = Math.max(longest, burst[1] - burst[0]);
      }
      return String.format("%d bursts, %.0f ms in all, longest %.1f ms", bursts.size(), total / 1e6, longest / 1e6);
    }
  }
}
