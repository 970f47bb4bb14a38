package org.hypergrid.spi;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The config sections every feature of a node uses, read once and validated at start. A
 * feature's own sections are its module's business ({@link ServiceModule#validate}).
 * {@code privateHostNames}: names (or name:port) private servers answer to besides the machine's
 * own names and addresses.
 */
public record NodeSettings(String gridName, Timeouts timeouts, Limits limits, Breaker breaker, Outbound outbound,
                           String accessToken, String basicAuthUsername, List<String> privateHostNames) {

  /**
   * How long we wait: a region's delivery, a foreign grid's HGFriends and user agent, a stopping
   * node's goodbyes, a call to a service on another node of ours (over the bus or HTTP), and a
   * health check (the store, the cluster).
   */
  public record Timeouts(long regionMs, long foreignGridMs, long userAgentMs, long shutdownMs, long serviceMs,
                         long healthMs) {
  }

  /** What a caller can make us read, hold and count. */
  public record Limits(int maxBodyBytes, int maxFriends, int failuresPerForeignUser, int failuresPerAddress,
                       long failureWindowMs) {
  }

  /** Every circuit breaker's settings: failures in a row that open it, and how long until a trial. */
  public record Breaker(int maxFailures, long resetMs) {
  }

  /** Calls to hosts that callers name. */
  public record Outbound(boolean allowLoopback, boolean allowPrivate, int maxReplyBytes, int maxGrids,
                         int maxConnections, int maxWaitQueue) {
  }

  /** Reads the sections; each problem found is added to {@code problems}. */
  public static NodeSettings read(JsonObject config, List<String> problems) {
    ConfigSection timeouts = ConfigSection.of(config, "timeouts", problems);
    ConfigSection limits = ConfigSection.of(config, "limits", problems);
    ConfigSection failures = ConfigSection.of(config, "limits.failedVerifications", problems);
    ConfigSection breaker = ConfigSection.of(config, "breaker", problems);
    ConfigSection outbound = ConfigSection.of(config, "outbound", problems);
    ConfigSection security = ConfigSection.of(config, "security", problems);
    return new NodeSettings(ConfigSection.of(config, "grid", problems).text("name"),
      new Timeouts(timeouts.positiveLong("regionMs"), timeouts.positiveLong("foreignGridMs"),
        timeouts.positiveLong("userAgentMs"), timeouts.positiveLong("shutdownMs"), timeouts.positiveLong("serviceMs"),
        timeouts.positiveLong("healthMs")),
      new Limits(limits.positiveInt("maxBodyBytes"), limits.positiveInt("maxFriends"),
        failures.positiveInt("perForeignUser"), failures.positiveInt("perAddress"),
        failures.positiveLong("windowSeconds") * 1000),
      new Breaker(breaker.positiveInt("maxFailures"), breaker.positiveLong("resetMs")),
      new Outbound(outbound.bool("allowLoopback"), outbound.bool("allowPrivate"), outbound.positiveInt("maxReplyBytes"),
        outbound.positiveInt("maxGrids"), outbound.positiveInt("maxConnections"), outbound.positiveInt("maxWaitQueue")),
      security.text("accessToken"), security.text("basicAuthUsername"), security.textList("privateHostNames"));
  }
}
