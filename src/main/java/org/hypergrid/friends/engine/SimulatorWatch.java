package org.hypergrid.friends.engine;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the simulator behind one region whether it is alive ({@code GET simstatus}), on the
 * event loop of the shard serving the region, one question at a time (a stalled simulator holds
 * no thread and piles up nothing). After the dead time without an answer its agents' sessions
 * end, their friends (here and on other grids) are told once, their grid user goes offline and
 * the region is marked offline, staying registered; an answer brings it back.
 */
final class SimulatorWatch {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorWatch.class);

  private final Vertx vertx;
  private final Region region;
  private final Simulators simulators;
  private final MemberLease lease;
  private long timer = -1;
  private long lastAnswer = System.nanoTime();
  private boolean asking;
  private boolean dead;

  SimulatorWatch(Vertx vertx, Region region, Simulators simulators, MemberLease lease) {
    this.vertx = vertx;
    this.lease = lease;
    this.region = region;
    this.simulators = simulators;
  }

  void start() {
    timer = vertx.setPeriodic(simulators.checkMs(), t -> check());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    if (asking) {
      return;
    }
    if (!lease.isActing()) {
      // A node that may not act judges no simulator: an answer it missed while away is not a death.
      lastAnswer = System.nanoTime();
      return;
    }
    asking = true;
    String uri = region.info().getServerUri();
    simulators.answers(uri).onComplete(answered -> {
      asking = false;
      long now = System.nanoTime();
      if (Boolean.TRUE.equals(answered.result())) {
        lastAnswer = now;
        if (dead) {
          dead = false;
          LOG.info("Simulator {} of region {} answers again: region online", uri, region.info().getName());
          simulators.simulatorOnline(region.info().getRegionId(), true);
        }
      } else if (!dead && (now - lastAnswer) / 1_000_000 > simulators.deadMs()) {
        dead = true;
        LOG.warn("Simulator {} of region {} has not answered for {} s: its {} agent(s) are logged out and their"
          + " friends told", uri, region.info().getName(), simulators.deadMs() / 1000, region.agentCount());
        region.agentIds().forEach(agent -> simulators.userLeft(agent, region.info().getRegionId()));
        region.logoutEveryone();
        simulators.simulatorOnline(region.info().getRegionId(), false);
      }
    });
  }
}
