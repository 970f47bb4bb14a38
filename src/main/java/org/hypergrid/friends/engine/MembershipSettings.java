package org.hypergrid.friends.engine;

/**
 * How this node keeps its membership of the cluster: its lease on what it owns lasts
 * {@code leaseMs} from each confirmation by the registry, asked every {@code confirmMs}; an event
 * loop silent for {@code stallMs} is a stall; {@code heartbeatTimeoutMs} is the cluster's own
 * (Hazelcast's max.no.heartbeat): a node stalled that long was declared gone by the others. Every
 * {@code digestMs} each node publishes a digest of the sessions it owns, and the others compare.
 */
public record MembershipSettings(long leaseMs, long confirmMs, long stallMs, long heartbeatTimeoutMs, long digestMs) {
}
