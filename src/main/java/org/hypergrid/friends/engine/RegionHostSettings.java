package org.hypergrid.friends.engine;

/**
 * How this node hosts regions: regions per shard, shards deploying at once, how often regions
 * another node holds are tried again, how long a starting node waits for the grid service to
 * answer its claims; the timeouts regions live by (a delivery to a region, a stopping node's
 * goodbyes); and whether we tell friends of the logins and logouts simulators report
 * ({@code simulatorChanges}: OpenSim's simulators tell them themselves, so by default we do not);
 * how often the simulator behind a region is asked whether it lives, and after how long without
 * an answer it is dead; whether this node takes regions beyond its configured ones to serve
 * (simulators' regions, and regions whose owner is gone: a services node of a cluster need not),
 * and how often it looks for regions whose owner is gone.
 */
public record RegionHostSettings(int shardSize, int deployConcurrency, long claimRetryMs, long servicesWaitMs,
                                 long regionTimeoutMs, long shutdownMs, boolean simulatorChanges,
                                 long simulatorCheckMs, long simulatorDeadMs, boolean servesSimulators,
                                 long rescueCheckMs) {
}
