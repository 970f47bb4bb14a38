package org.hypergrid.friends.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.api.RegionNodeService;
import org.hypergrid.friends.api.RegionService;
import org.hypergrid.friends.clients.RegionConnector;
import org.hypergrid.runtime.BreakerRegistry;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.ServiceErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells regions that a friend's status changed: every region hosting one of the friends, through
 * one message per hosting node, all at once, each with its own timeout; this node's own regions
 * are told in-process. A node that stops answering is skipped by its circuit breaker until a trial
 * message is answered again, so it costs no pending reply and no timer per notification. Nobody
 * waits for the fan-out; failures are logged a few times a second at most, and counted.
 */
public class StatusFanout {

  private static final Logger LOG = LoggerFactory.getLogger(StatusFanout.class);
  /** Other nodes remembered at once (a cluster has few; ids are never reused). */
  public static final int MAX_NODES = 1_000;
  /** The gauge and log words of the other nodes' breakers. */
  public static final BreakerRegistry.Kind NODES = new BreakerRegistry.Kind("cluster node", "hg.node.circuit.state",
    "node", "circuit to another cluster node's regions");

  private final Vertx vertx;
  /** Other nodes' node-wide region services (building a proxy looks its class up by reflection). */
  private final Cache<String, RegionNodeService> nodeProxies = Caffeine.newBuilder().maximumSize(MAX_NODES).build();
  private final BreakerRegistry nodeBreakers;
  private final PresenceView view;
  private final RegionConnector simulators;
  private final GridMetrics stats;
  private final long regionTimeoutMs;
  /** This node and its regions, once they are served here: told without the bus. */
  private record Local(String nodeId, RegionNodeService regions) {
  }

  private volatile Local local = new Local(null, null);

  /**
   * {@code nodeBreakers}: one circuit per other node (the bus send has its own timeout; a breaker
   * only counts outcomes), {@link #NODES} of kind.
   */
  public StatusFanout(Vertx vertx, PresenceView view, RegionConnector simulators, GridMetrics stats,
                      long regionTimeoutMs, BreakerRegistry nodeBreakers) {
    this.nodeBreakers = nodeBreakers;
    this.vertx = vertx;
    this.view = view;
    this.simulators = simulators;
    this.stats = stats;
    this.regionTimeoutMs = regionTimeoutMs;
  }

  /**
   * The regions this node serves, told directly: no bus message, copy, reply or timer, and no
   * other thread woken, for what is in this very process.
   */
  public void regionsServedHere(String nodeId, RegionNodeService regions) {
    this.local = new Local(nodeId, regions);
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
   * Notifies every region hosting one of these sessions: one message per hosting node, carrying
   * the agents of each of its regions (a session whose node is unknown goes to its region).
   * Completes with the number of agents reached once every node has answered or timed out. It
   * never fails.
   */
  public Future<Integer> notifyRegions(String fromId, boolean online, List<PresenceInfo> sessions) {
    if (sessions.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Map<String, Map<String, List<String>>> byNode = new LinkedHashMap<>();
    Map<String, List<String>> nodeUnknown = new LinkedHashMap<>();
    for (PresenceInfo session : sessions) {
      Map<String, List<String>> byRegion = session.getNodeId() == null ? nodeUnknown
        : byNode.computeIfAbsent(session.getNodeId(), n -> new LinkedHashMap<>());
      List<String> agents = byRegion.computeIfAbsent(session.getRegionId(), r -> new ArrayList<>());
      if (!agents.contains(session.getUserId())) {
        agents.add(session.getUserId());
      }
    }
    long start = System.nanoTime();
    List<Future<Integer>> calls = new ArrayList<>();
    byNode.forEach((nodeId, agentsByRegion) -> calls.add(notifyNode(nodeId, fromId, agentsByRegion, online)));
    if (!nodeUnknown.isEmpty()) {
      calls.add(notifyEachRegion(fromId, nodeUnknown, online));
    }
    return sumOf(calls).onComplete(done -> stats.fanoutTook(System.nanoTime() - start));
  }

  /** The agents reached by these calls, once all have completed; failed calls reached none. */
  private static Future<Integer> sumOf(List<Future<Integer>> calls) {
    return Future.join(calls).otherwiseEmpty()
      .map(v -> calls.stream().filter(Future::succeeded).mapToInt(Future::result).sum());
  }

  private Future<Integer> notifyEachRegion(String fromId, Map<String, List<String>> agentsByRegion, boolean online) {
    return sumOf(agentsByRegion.entrySet().stream()
      .map(entry -> notifyRegion(entry.getKey(), fromId, entry.getValue(), online)).toList());
  }

  /**
   * The regions of one node; a node without the node-wide service is asked region by region, and
   * this node's own are told directly.
   */
  private Future<Integer> notifyNode(String nodeId, String fromId, Map<String, List<String>> agentsByRegion,
                                     boolean online) {
    JsonObject batch = new JsonObject();
    agentsByRegion.forEach((regionId, agents) -> batch.put(regionId, new JsonArray(agents)));
    Local here = local;
    Future<JsonObject> answered;
    if (nodeId.equals(here.nodeId())) {
      answered = here.regions().deliverStatus(fromId, batch, online);
    } else {
      RegionNodeService regions = nodeProxies.get(nodeId, id -> RegionNodeService.createProxy(vertx, id,
        regionTimeoutMs));
      // Not serving the node-wide service is no failure of the node's: it answers null, region by region below.
      answered = nodeBreakers.get(nodeId).execute(() -> regions.deliverStatus(fromId, batch, online)
        .recover(e -> ServiceErrors.isNobodyThere(e) ? Future.succeededFuture() : Future.failedFuture(e)));
    }
    return answered
      .compose(answer -> {
        if (answer == null) {
          return notifyEachRegion(fromId, agentsByRegion, online);
        }
        int regions = answer.getInteger("regions", 0);
        int reached = answer.getInteger("reached", 0);
        stats.regionsNotified(regions, reached);
        stats.regionsFailed(agentsByRegion.size() - regions); // not (or no longer) on that node
        return Future.succeededFuture(reached);
      }, e -> {
        stats.regionsFailed(agentsByRegion.size());
        stats.problems().record("delivery failed", "node " + nodeId, "a status to " + agentsByRegion.size()
          + " region(s) there: " + e.getMessage());
        LogLimiter.warn(LOG, "node failed", "status of {} to the {} region(s) of node {} failed: {}", fromId,
          agentsByRegion.size(), nodeId, e.getMessage());
        return Future.succeededFuture(0);
      });
  }

  private Future<Integer> notifyRegion(String regionId, String fromId, List<String> agents, boolean online) {
    return region(regionId).deliverStatus(fromId, agents, online)
      .onSuccess(reached -> stats.regionsNotified(1, reached))
      .onFailure(e -> {
        stats.regionsFailed(1);
        stats.problems().record("delivery failed", "region " + regionId, e.getMessage());
        LogLimiter.warn(LOG, "region failed", "status of {} to region {} failed: {}", fromId, regionId,
          e.getMessage());
      });
  }

  /** Hands an event to an agent wherever it is online in the grid; logged when it is not online. */
  public void deliverToAgent(String agentId, JsonObject event) {
    Future.join(view.sessionsOf(List.of(agentId)).stream()
        .map(session -> region(session.getRegionId()).deliver(agentId, event)).toList())
      .onFailure(e -> LogLimiter.warn(LOG, "event not delivered", "event {} for {} not delivered: {}",
        event.getString("type"), agentId, e.getMessage()));
  }

  /** A node left the cluster: its proxy, breaker and gauge go. */
  public void forgetNode(String nodeId) {
    nodeProxies.invalidate(nodeId);
    nodeBreakers.forget(nodeId);
  }

  /** The node stops: every other node's breaker and gauge go with it. */
  public void close() {
    nodeProxies.invalidateAll();
    nodeBreakers.close();
  }

  private RegionService region(String regionId) {
    return RegionService.createProxy(vertx, regionId, regionTimeoutMs);
  }
}
