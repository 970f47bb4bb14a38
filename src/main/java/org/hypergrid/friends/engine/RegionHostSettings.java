package org.hypergrid.friends.engine;

/**
 * How this node hosts regions: regions per shard, shards deploying at once, how often regions
 * another node holds are tried again, how long a starting node waits for the grid service to
 * answer its claims; and the timeouts regions live by (a delivery to a region, a stopping node's
 * goodbyes).
 */
public record RegionHostSettings(int shardSize, int deployConcurrency, long claimRetryMs, long servicesWaitMs,
                                 long regionTimeoutMs, long shutdownMs) {
}
