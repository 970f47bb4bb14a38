package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.hypergrid.runtime.ServiceProxies;

import java.util.List;

/** The region registry: where each region is and how to reach it. */
@VertxGen
@ProxyGen
public interface GridService {

  String ADDRESS = "hg.service.grid";

  static GridService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, GridService.class, ServiceProxies.DEFAULT_TIMEOUT_MS);
  }

  /** Registers a region reached by server URI (an external simulator) or bus address. */
  Future<Void> registerRegion(RegionInfo region);

  /**
   * Registers these regions as served by {@code nodeId}, in one statement, and answers the ids it
   * may serve: those nobody else holds, or whose holder is not among {@code liveNodes}. The same
   * region is thus served by exactly one node even when several nodes' configs list it.
   */
  Future<List<String>> claimRegions(List<RegionInfo> regions, String nodeId, List<String> liveNodes);

  /**
   * {@code nodeId} (re)joins the cluster: answers its new membership epoch (one more than its
   * last), not fenced. Claims and departures are refused to a node whose epoch is fenced.
   */
  Future<Long> joinCluster(String nodeId);

  /**
   * True while {@code epoch} is {@code nodeId}'s current epoch and the cluster has not fenced it;
   * the member is then seen now.
   */
  Future<Boolean> confirmMember(String nodeId, long epoch);

  /** The members not fenced that were seen within the last {@code withinMs}. */
  Future<List<String>> liveMembers(long withinMs);

  /**
   * The cluster declared {@code nodeId} gone: fences its epoch {@code epoch} (or its current one
   * when {@code epoch} is 0), unless {@code byNode} at {@code byEpoch} is itself fenced (two sides
   * of a partition fencing each other: the first one wins). Answers false when {@code byNode} is
   * the fenced one.
   */
  Future<Boolean> fenceMember(String nodeId, long epoch, String byNode, long byEpoch);

  /** Regions the registry says a node not among {@code liveNodes} holds, at most {@code max}. */
  Future<List<RegionInfo>> regionsOfGoneNodes(List<String> liveNodes, int max);

  /** The node stops serving these regions (a graceful stop); others may claim them. */
  Future<Void> releaseRegions(List<String> regionIds, String nodeId);

  /** The region, or a failure with code 404. */
  Future<RegionInfo> getRegion(String regionId);

  /** Known regions among these ids, in one query. */
  Future<List<RegionInfo>> getRegions(List<String> regionIds);

  Future<List<RegionInfo>> listRegions();

  /**
   * A page of the grid's regions by name, for operators: {@code {total, offset, regions: [{regionId,
   * name, locX, locY, ownerNode, simulator, online}]}} ({@code simulator}: the URI of the simulator
   * behind it, null for ours; {@code online}: whether that simulator is up). At most 200 a page;
   * {@code nameContains} (case ignored) may be empty.
   */
  Future<JsonObject> regionsPage(int offset, int limit, String nameContains);

  // --- OpenSim's grid service, for simulators and ROBUST's login service (positions in metres)

  /**
   * A simulator registers its region, as OpenSim's RegisterRegion: stored with everything it
   * sent and flagged online; a new region gets the flags the grid configures for its name, a
   * known one keeps its own. Fails with 409 and OpenSim's reason when it overlaps another region,
   * its name is another region's, or the entry is locked out or may not move.
   */
  Future<Void> registerSimulator(SimulatorRegion region);

  /** The simulator's region leaves (kept, offline, when Persistent); 404 when it is unknown. */
  Future<Void> deregisterSimulator(String regionId);

  /** The simulator behind the region stopped (false) or started (true) answering: its RegionOnline flag follows. */
  Future<Void> setSimulatorOnline(String regionId, boolean online);

  /** A simulator's region by id; 404 when there is none. */
  Future<SimulatorRegion> simulatorRegion(String regionId);

  /** Regions whose edges touch or overlap this one's, itself left out. */
  Future<List<SimulatorRegion>> neighboursOf(String regionId);

  /** Regions whose corner lies in [xMin, xMax] × [yMin, yMax]. */
  Future<List<SimulatorRegion>> regionsInRange(int xMin, int xMax, int yMin, int yMax);

  /** The region that covers the point (x, y), as a list of at most one. */
  Future<List<SimulatorRegion>> regionsAt(int x, int y);

  /** Regions named {@code name} (case ignored), or starting with it unless {@code exact}; at most {@code max}. */
  Future<List<SimulatorRegion>> regionsNamed(String name, boolean exact, int max);

  /**
   * Online regions carrying every bit of {@code flags} (0: any online region), nearest to (x, y)
   * first, at most {@code max}: default, fallback and online regions for a login's destination.
   */
  Future<List<SimulatorRegion>> regionsFlagged(int flags, int x, int y, int max);

  /** The region's flags, -1 when it is unknown. */
  Future<Integer> regionFlags(String regionId);
}
