package org.hypergrid.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.api.GridService;
import org.hypergrid.api.PresenceInfo;
import org.hypergrid.api.PresenceService;
import org.hypergrid.api.RegionInfo;
import org.hypergrid.connector.out.RegionConnector;
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

  private final RegionCache regionCache;
  private final PresenceService presence;
  private final RegionConnector regions;
  private final ActivityStats stats;

  public StatusFanout(GridService grid, PresenceService presence, RegionConnector regions, ActivityStats stats) {
    this.regionCache = new RegionCache(grid);
    this.presence = presence;
    this.regions = regions;
    this.stats = stats;
  }

  public ActivityStats stats() {
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
      regions.notifySimulator(simulator, fromId, travel.getUserId(), online)
        .onSuccess(delivered -> stats.travellerForwarded())
        .onFailure(e -> {
          stats.travelFailed();
          LOG.warn("status of {} to traveller {} at {} failed: {}", fromId, travel.getUserId(), simulator,
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
    return regionCache.find(List.copyOf(agentsByRegion.keySet()))
      .compose(byId -> {
        List<Future<Integer>> calls = new ArrayList<>();
        agentsByRegion.forEach((regionId, agents) -> calls.add(notifyRegion(byId.get(regionId), regionId,
          fromId, agents, online)));
        return Future.join(calls).otherwiseEmpty()
          .map(v -> calls.stream().filter(Future::succeeded).mapToInt(Future::result).sum());
      })
      .otherwise(e -> {
        stats.regionFailed();
        LOG.warn("status of {}: region lookup failed: {}", fromId, e.getMessage());
        return 0;
      });
  }

  private Future<Integer> notifyRegion(RegionInfo region, String regionId, String fromId, List<String> agents,
                                       boolean online) {
    if (region == null) {
      stats.regionFailed();
      LOG.warn("status of {}: region {} is not registered; {} agent(s) not told", fromId, regionId, agents.size());
      return Future.succeededFuture(0);
    }
    return regions.notifyStatus(region, fromId, agents, online)
      .onSuccess(stats::regionNotified)
      .onFailure(e -> {
        stats.regionFailed();
        LOG.warn("status of {} to region {} ({}) failed: {}", fromId, region.getName(), regionId, e.getMessage());
      });
  }

  /** Hands an event to an agent wherever it is online here; logged when it is not online. */
  public void deliverToAgent(String agentId, JsonObject event) {
    presence.getAgents(List.of(agentId))
      .compose(sessions -> regionCache.find(sessions.stream().map(PresenceInfo::getRegionId).distinct().toList()))
      .compose(found -> Future.join(found.values().stream().map(region -> regions.deliver(region, agentId, event))
        .toList()))
      .onFailure(e -> LOG.warn("event {} for {} not delivered: {}", event.getString("type"), agentId,
        e.getMessage()));
  }
}
