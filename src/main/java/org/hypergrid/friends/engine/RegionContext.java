package org.hypergrid.friends.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.RegionService;

/**
 * What a region uses of its node, and nothing more: the presence view it records its sessions in,
 * the travels it ends at login, the notifier that tells friends, and other regions (to end an
 * agent's earlier session), the simulators behind regions (to hand them friends' statuses); and
 * whether friends hear of the logins and logouts simulators report; and the observers' feed.
 */
record RegionContext(Vertx vertx, PresenceView view, PresenceService travels, StatusNotifier notifier,
                     Simulators simulators, ObserverFeed observers, long regionTimeoutMs, boolean simulatorChanges) {

  RegionService region(String regionId) {
    return RegionService.createProxy(vertx, regionId, regionTimeoutMs);
  }

  /** Logging in here means the agent is no longer travelling elsewhere. */
  Future<Void> endTravel(String agentId) {
    return travels.endTravel(agentId);
  }
}
