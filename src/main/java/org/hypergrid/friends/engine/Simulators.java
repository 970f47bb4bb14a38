package org.hypergrid.friends.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.clients.RegionConnector;
import org.hypergrid.runtime.BreakerRegistry;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.OutboundHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiConsumer;

/**
 * The simulators behind our regions. A friend's status for an agent there is handed to its
 * simulator as OpenSim's FriendsSimConnector does, so a real viewer hears it: fire-and-forget,
 * each call with its own timeout and through the simulator's circuit breaker (a dead simulator
 * costs one timeout, then nothing until it answers again); counted in
 * {@code hg.simulator.statuses{outcome=forwarded|failed}}. Each simulator is asked
 * {@code GET simstatus} on a timer by the node serving its region ({@link SimulatorWatch}); one
 * that stops answering has its agents logged out, their friends told, and its region marked offline.
 */
public final class Simulators {

  private static final Logger LOG = LoggerFactory.getLogger(Simulators.class);
  /** The gauge and log words of the simulators' breakers. */
  public static final BreakerRegistry.Kind SIMULATORS = new BreakerRegistry.Kind("simulator",
    "hg.simulator.circuit.state", "simulator", "circuit to a simulator behind one of our regions");

  private final RegionConnector simulators;
  private final OutboundHttp http;
  private final BreakerRegistry breakers;
  private final GridService grid;
  private final BiConsumer<String, String> userLeft;
  private final long checkMs;
  private final long deadMs;
  private final Counter forwarded;
  private final Counter failed;

  /**
   * {@code userLeft}: records that a user left a region (grid user offline), given the user and
   * region; simulators are asked every {@code checkMs} and are dead after {@code deadMs} without an answer.
   */
  public Simulators(RegionConnector simulators, OutboundHttp http, BreakerRegistry breakers, GridService grid,
                    BiConsumer<String, String> userLeft, long checkMs, long deadMs, MeterRegistry registry) {
    this.simulators = simulators;
    this.http = http;
    this.breakers = breakers;
    this.grid = grid;
    this.userLeft = userLeft;
    this.checkMs = checkMs;
    this.deadMs = deadMs;
    this.forwarded = counter(registry, "forwarded");
    this.failed = counter(registry, "failed");
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("hg.simulator.statuses").tag("outcome", outcome)
      .description("friend statuses handed to the simulators behind our regions").register(registry);
  }

  /** Tells the simulator at {@code serverUri} that {@code fromId} came online or left, for its agent {@code toId}. */
  void status(String serverUri, String fromId, String toId, boolean online) {
    breakers.get(serverUri).<Boolean>execute(() -> simulators.notifyOurSimulator(serverUri, fromId, toId, online))
      .onSuccess(delivered -> forwarded.increment())
      .onFailure(e -> {
        failed.increment();
        LogLimiter.warn(LOG, "simulator status", "Status of {} for {} not handed to simulator {}: {}", fromId, toId,
          serverUri, e.getMessage());
      });
  }

  /** True when the simulator answers {@code simstatus} with OK within the check interval. */
  Future<Boolean> answers(String serverUri) {
    String base = serverUri.endsWith("/") ? serverUri : serverUri + "/";
    return http.get(base + "simstatus", checkMs)
      .map(reply -> reply.status() == 200 && reply.text().trim().equalsIgnoreCase("OK"))
      .otherwise(false);
  }

  /** The simulator behind {@code regionId} stopped or started answering: the region's online flag follows. */
  void simulatorOnline(String regionId, boolean online) {
    grid.setSimulatorOnline(regionId, online).onFailure(e -> LogLimiter.warn(LOG, "simulator flag",
      "Region {} not marked {}: {}", regionId, online ? "online" : "offline", e.getMessage()));
  }

  void userLeft(String userId, String regionId) {
    userLeft.accept(userId, regionId);
  }

  long checkMs() {
    return checkMs;
  }

  long deadMs() {
    return deadMs;
  }

  public void close() {
    breakers.close();
  }
}
