package org.hypergrid.runtime;

import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Logs refused requests (and failures a caller can trigger) at most a few times per second per
 * kind, then once with the count of those it kept quiet about: they cannot be used to fill the disk. The kinds are
 * our own names (call sites), never text a caller sent, so they are few.
 */
public final class LogLimiter {

  private static final int PER_SECOND = 5;
  private static final ConcurrentMap<String, long[]> WINDOWS = new ConcurrentHashMap<>();

  private LogLimiter() {
  }

  /** Logs at WARN unless this kind has used up its second; {@code args} end in the reason. */
  public static void warn(Logger log, String kind, String format, Object... args) {
    limited(kind, log::warn, format, args);
  }

  /** As {@link #warn}, at ERROR: for our own failures, whose count a caller can drive up too. */
  public static void error(Logger log, String kind, String format, Object... args) {
    limited(kind, log::error, format, args);
  }

  /** One level of a logger. */
  @FunctionalInterface
  private interface Level {
    void log(String format, Object... args);
  }

  private static void limited(String kind, Level level, String format, Object[] args) {
    long suppressed = admit(kind);
    if (suppressed < 0) {
      return;
    }
    if (suppressed > 0) {
      level.log("({} more like the next were not logged in the last second: {})", suppressed, kind);
    }
    level.log(format, shorten(args));
  }

  /** -1: stay quiet; else the number kept quiet since the last line of this kind. */
  private static long admit(String kind) {
    long second = System.currentTimeMillis() / 1000;
    long[] window = WINDOWS.computeIfAbsent(kind, k -> new long[] {second, 0, 0});
    synchronized (window) {
      if (window[0] != second) {
        long quiet = window[2];
        window[0] = second;
        window[1] = 1;
        window[2] = 0;
        return quiet;
      }
      if (window[1] < PER_SECOND) {
        window[1]++;
        return 0;
      }
      window[2]++;
      return -1;
    }
  }

  /** Caller-sent text in a log line is cut short and kept on one line. */
  private static Object[] shorten(Object[] args) {
    Object[] shown = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]", " ");
        shown[i] = oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
      } else {
        shown[i] = arg;
      }
    }
    return shown;
  }
}
