package org.hypergrid.region;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.api.PresenceInfo;
import org.hypergrid.api.PresenceService;
import org.hypergrid.api.RegionService;
import org.hypergrid.connector.out.RegionConnector;
import org.hypergrid.runtime.GridMetrics;
import org.hypergrid.runtime.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells regions that a friend's status changed: every region hosting one of the friends, all at
 * once, each with its own timeout. Nobody waits for it; failures are logged once and counted.
 */
public class StatusFanout {

  private static final Logger LOG = LoggerFactory.getLogger(StatusFanout.class);

  private final Vertx vertx;
  private final PresenceService presence;
  private final RegionConnector simulators;
  private final GridMetrics stats;
  private final long regionTimeoutMs;

  public StatusFanout(Vertx vertx, PresenceService presence, RegionConnector simulators, GridMetrics stats,
                      long regionTimeoutMs) {
    this.vertx = vertx;
    this.presence = presence;
    this.simulators = simulators;
    this.stats = stats;
    this.regionTimeoutMs = regionTimeoutMs;
  }

  public GridMetrics stats() {
    return stats;
  }

  /** Fire-and-forget: the regions of these sessions, and the simulators hosting travellers. */
  public void statusChanged(String fromId, boolean online, List<PresenceInfo> whereabouts) {
    notifyRegions(fromId, online, whereabouts.stream().filter(found -> !found.isTravelling()).toList());
    for (PresenceInfo travel : whereabouts.stream().filter(PresenceInfo::isTravelling).toList()) {
      String simulator = travel.getRegionServerUri();
      if (simulator == null || simulator.isBlank()) {
        LOG.info("{} is on {} in an unknown region: status of {} not forwarded", travel.getUserId(),
          travel.getGridUri(), fromId);
        continue;
      }
      simulators.notifySimulator(simulator, fromId, travel.getUserId(), online)
        .onSuccess(delivered -> stats.travellerForwarded())
        .onFailure(e -> {
          stats.travelFailed();
          LogLimiter.warn(LOG, "traveller failed", "status of {} to traveller {} at {} failed: {}", fromId,
            travel.getUserId(), simulator,
            e.getMessage());
        });
    }
  }

  /**
   * Notifies every region hosting one of these sessions; completes with the number of agents
   * reached once every region has answered or timed out. It never fails.
   */
  public Future<Integer> notifyRegions(String fromId, boolean online, List<PresenceInfo> sessions) {
    if (sessions.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Map<String, List<String>> agentsByRegion = new LinkedHashMap<>();
    for (PresenceInfo session : sessions) {
      List<String> agents = agentsByRegion.computeIfAbsent(session.getRegionId(), r -> new ArrayList<>());
      if (!agents.contains(session.getUserId())) {
        agents.add(session.getUserId());
      }
    }
    long start = System.nanoTime();
    List<Future<Integer>> calls = new ArrayList<>();
    agentsByRegion.forEach((regionId, agents) -> calls.add(notifyRegion(regionId, fromId, agents, online)));
    return Future.join(calls).otherwiseEmpty()
      .map(v -> {
        stats.fanoutTook(System.nanoTime() - start);
        return calls.stream().filter(Future::succeeded).mapToInt(Future::result).sum();
      });
  }

  private Future<Integer> notifyRegion(String regionId, String fromId, List<String> agents, boolean online) {
    return region(regionId).deliverStatus(fromId, agents, online)
      .onSuccess(stats::regionNotified)
      .onFailure(e -> {
        stats.regionFailed();
        LogLimiter.warn(LOG, "region failed", "status of {} to region {} failed: {}", fromId, regionId,
          e.getMessage());
      });
  }

  /** Hands an event to an agent wherever it is online here; logged when it is not online. */
  public void deliverToAgent(String agentId, JsonObject event) {
    presence.getAgents(List.of(agentId))
      .compose(sessions -> Future.join(sessions.stream()
        .map(session -> region(session.getRegionId()).deliver(agentId, event)).toList()))
      .onFailure(e -> LogLimiter.warn(LOG, "event not delivered", "event {} for {} not delivered: {}",
        event.getString("type"), agentId,
        e.getMessage()));
  }

  private RegionService region(String regionId) {
    return RegionService.createProxy(vertx, regionId, regionTimeoutMs);
  }
}
