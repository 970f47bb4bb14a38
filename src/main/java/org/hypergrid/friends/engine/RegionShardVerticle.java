package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.RegionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The unit of deployment and failover: a group of regions, deployed by name with Vert.x HA so
 * that when its node dies a survivor of the HA group deploys it again with the same config. At
 * start it claims its regions in a few batched calls (a region another live node serves is
 * skipped, and tried again now and then), binds each claimed region at its own address, and
 * serves them on one event loop. At stop its agents log out and their friends are told, within
 * the node's shutdown timeout.
 */
public class RegionShardVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RegionShardVerticle.class);
  /** Regions per claim call: keeps each call's body small enough for any connector. */
  private static final int CLAIM_BATCH = 250;

  private final ShardDeployer deployer;
  /** Read by /health from other threads; written on this shard's event loop. */
  private final Map<String, Region> regions = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> bindings = new ArrayList<>();
  private final List<SimulatorWatch> watches = new ArrayList<>();
  private List<RegionInfo> waiting = List.of();
  private long retryTimer = -1;

  RegionShardVerticle(ShardDeployer deployer) {
    this.deployer = deployer;
  }

  /** The deployment config of a shard: its regions as compact [id, name, x, y, simulator URI] rows. */
  public static JsonObject config(String shardName, List<RegionInfo> regions) {
    JsonArray rows = new JsonArray();
    regions.forEach(r -> rows.add(new JsonArray().add(r.getRegionId()).add(r.getName()).add(r.getLocX())
      .add(r.getLocY()).add(r.getServerUri())));
    return new JsonObject().put("shard", shardName).put("regions", rows);
  }

  @Override
  public Future<?> start() {
    List<RegionInfo> wanted = new ArrayList<>();
    for (Object row : config().getJsonArray("regions")) {
      JsonArray r = (JsonArray) row;
      wanted.add(new RegionInfo().setRegionId(r.getString(0).toLowerCase()).setName(r.getString(1))
        .setLocX(r.getInteger(2)).setLocY(r.getInteger(3)).setServerUri(r.size() > 4 ? r.getString(4) : null)
        .setBusAddress(RegionService.address(r.getString(0))));
    }
    return claimAndBind(wanted).onSuccess(v -> {
      deployer.shardStarted(this);
      if (!waiting.isEmpty()) {
        LOG.info("Shard {}: {} region(s) served by other nodes; will serve them if they are let go",
          shardName(), waiting.size());
        retryTimer = vertx.setPeriodic(deployer.claimRetryMs(), t -> {
          int before = regions.size();
          claimAndBind(waiting).onSuccess(claimed -> {
            if (regions.size() > before) {
              LOG.info("Shard {} took over {} region(s) let go by other nodes", shardName(), regions.size() - before);
            }
          });
        });
      }
    });
  }

  private Future<Void> claimAndBind(List<RegionInfo> listed) {
    // The registry's owner is a node: a region another shard of this node serves (one failed
    // over here) is that shard's, not claimed twice.
    List<RegionInfo> wanted = listed.stream().filter(info -> regions.containsKey(info.getRegionId())
      || !deployer.nodeRegions().serves(info.getRegionId())).collect(Collectors.toList());
    Future<Void> chain = Future.succeededFuture();
    List<String> claimed = new ArrayList<>();
    for (int from = 0; from < wanted.size(); from += CLAIM_BATCH) {
      List<RegionInfo> batch = wanted.subList(from, Math.min(wanted.size(), from + CLAIM_BATCH));
      chain = chain.compose(v -> deployer.claim(batch)).map(ids -> {
        claimed.addAll(ids);
        return null;
      });
    }
    return chain.compose(v -> {
      Set<String> mine = Set.copyOf(claimed);
      // A node that may not act (stalled, fenced) answers no region's request.
      ServiceBinder binder = new ServiceBinder(vertx).addInterceptor(deployer.lease().guard());
      List<Future<Void>> registered = new ArrayList<>();
      for (RegionInfo info : wanted) {
        if (mine.contains(info.getRegionId()) && !regions.containsKey(info.getRegionId())) {
          Region region = new Region(info, deployer.regionContext());
          regions.put(info.getRegionId(), region);
          deployer.nodeRegions().bound(region);
          MessageConsumer<JsonObject> consumer = binder.setAddress(info.getBusAddress())
            .register(RegionService.class, region);
          bindings.add(consumer);
          registered.add(consumer.completion());
          if (info.getServerUri() != null) {
            SimulatorWatch watch = new SimulatorWatch(vertx, region, deployer.regionContext().simulators(),
              deployer.lease());
            watches.add(watch);
            watch.start();
          }
        }
      }
      waiting = listed.stream().filter(info -> !regions.containsKey(info.getRegionId()))
        .collect(Collectors.toList());
      return Future.all(registered).mapEmpty();
    });
  }

  @Override
  public Future<?> stop() {
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    watches.forEach(SimulatorWatch::stop);
    if (deployer.lease().handedOver()) {
      // The cluster took these regions and told their agents' friends: let go without a word.
      return Future.join(bindings.stream().map(MessageConsumer::unregister).toList())
        .onComplete(v -> regions.keySet().forEach(deployer.nodeRegions()::unbound))
        .eventually(() -> {
          deployer.shardStopped(this);
          return Future.succeededFuture();
        });
    }
    int agents = regions.values().stream().mapToInt(Region::agentCount).sum();
    Future<Void> loggedOut = Future.join(regions.values().stream().map(Region::logoutAll).toList()).<Void>mapEmpty()
      .onComplete(done -> LOG.info("Shard {} stopping: {} agent(s) logged out, their friends told; {} region(s)"
        + " let go", shardName(), agents, regions.size()));
    return deployer.withinShutdown(loggedOut, "shard " + shardName() + " telling friends its agents left")
      .compose(v -> Future.join(bindings.stream().map(MessageConsumer::unregister).toList()))
      .onComplete(v -> regions.keySet().forEach(deployer.nodeRegions()::unbound))
      .compose(v -> deployer.withinShutdown(deployer.release(List.copyOf(regions.keySet())),
        "shard " + shardName() + " releasing its regions"))
      .eventually(() -> {
        deployer.shardStopped(this);
        return Future.succeededFuture();
      });
  }

  String shardName() {
    return config().getString("shard");
  }

  Map<String, Region> regions() {
    return regions;
  }
}
