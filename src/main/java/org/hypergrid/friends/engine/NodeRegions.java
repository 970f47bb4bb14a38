package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import org.hypergrid.friends.api.RegionNodeService;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regions served on this node, found by id, and the node's {@link RegionNodeService}: one
 * message tells every region here concerned by a friend's status change, in-process.
 */
final class NodeRegions implements RegionNodeService {

  private final Vertx vertx;
  private final String nodeId;
  private final ObserverFeed observers;
  /** Written by the shards' event loops as they bind and stop regions; read by any. */
  private final Map<String, Region> byId = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> binding;

  NodeRegions(Vertx vertx, String nodeId, ObserverFeed observers) {
    this.vertx = vertx;
    this.observers = observers;
    this.nodeId = nodeId;
  }

  Future<Void> bind() {
    binding = new ServiceBinder(vertx).setAddress(RegionNodeService.address(nodeId))
      .register(RegionNodeService.class, this);
    return binding.completion();
  }

  Future<Void> unbind() {
    return binding == null ? Future.succeededFuture() : binding.unregister();
  }

  void bound(Region region) {
    byId.put(region.info().getRegionId(), region);
  }

  /** True when a shard of this node serves the region already. */
  boolean serves(String regionId) {
    return byId.containsKey(regionId);
  }

  void unbound(String regionId) {
    byId.remove(regionId);
  }

  /** Every region served here now. */
  Collection<Region> all() {
    return byId.values();
  }

  @Override
  public Future<JsonObject> deliverStatus(String fromId, JsonObject agentsByRegion, boolean online) {
    int reached = 0;
    int delivered = 0;
    Region first = null;
    JsonObject event = RegionProtocol.friendStatus(fromId, online);
    for (Map.Entry<String, Object> entry : agentsByRegion) {
      Region region = byId.get(entry.getKey());
      if (region != null && entry.getValue() instanceof JsonArray agents) {
        reached += region.tell(event, agents);
        delivered++;
        first = first == null ? region : first;
      }
    }
    if (first != null) {
      RegionProtocol.publishStatus(observers, first.info().getRegionId(), first.info().getName(), delivered, fromId,
        online, reached);
    }
    return Future.succeededFuture(new JsonObject().put("reached", reached).put("regions", delivered));
  }
}
