package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.runtime.ServiceProxies;

/**
 * All the regions one cluster node hosts, at the node's own address. A friend's status goes to
 * a node once, whatever the number of its regions concerned: a friend with 100 friends in 50
 * regions costs one message per hosting node, not 50. Each region keeps its own
 * {@link RegionService} address for everything else.
 */
@VertxGen
@ProxyGen
public interface RegionNodeService {

  @GenIgnore
  static String address(String nodeId) {
    return "hg.regions.node." + nodeId;
  }

  /** A proxy to the regions of {@code nodeId}, each call bounded by {@code timeoutMs}. */
  @GenIgnore
  static RegionNodeService createProxy(Vertx vertx, String nodeId, long timeoutMs) {
    return ServiceProxies.create(vertx, address(nodeId), RegionNodeService.class, timeoutMs);
  }

  /**
   * A friend's status changed: {@code agentsByRegion} maps region ids of this node to the agent
   * ids to tell there. Answers {reached: agents told, regions: regions that delivered}; a region
   * that is not (or no longer) here delivers nothing.
   */
  Future<JsonObject> deliverStatus(String fromId, JsonObject agentsByRegion, boolean online);
}
