package org.hypergrid.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.hypergrid.support.ClusterConfig;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * What a publish to an event-bus address nobody listens on costs in a cluster of two Vert.x
 * nodes (Hazelcast, as our nodes run), against the same publish kept on the node: each agent
 * address a friend's status goes to is such an address, unless a client listens. Prints the
 * process's processor time per publish (both nodes are in this process), three rounds each.
 */
public final class ClusterPublishBench {

  private static final int PUBLISHES = 50_000;
  /** Time for the lookups a round started to finish before its processor time is read. */
  private static final long SETTLE_MS = 3_000;

  private ClusterPublishBench() {
  }

  public static void main(String[] args) throws Exception {
    String cluster = "publish-" + UUID.randomUUID();
    Vertx publisher = ClusterConfig.node(cluster, null);
    Vertx other = ClusterConfig.node(cluster, null);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    JsonObject event = new JsonObject().put("type", "friend-status").put("online", true);
    for (int round = 1; round <= 3; round++) {
      for (boolean localOnly : new boolean[] {false, true}) {
        DeliveryOptions options = new DeliveryOptions().setLocalOnly(localOnly);
        long cpuBefore = os.getProcessCpuTime();
        CountDownLatch published = new CountDownLatch(1);
        publisher.runOnContext(v -> {
          for (int i = 0; i < PUBLISHES; i++) {
            publisher.eventBus().publish("hg.agent." + UUID.randomUUID(), event, options);
          }
          published.countDown();
        });
        published.await();
        publisher.timer(SETTLE_MS).await();
        double micros = (os.getProcessCpuTime() - cpuBefore) / 1000.0 / PUBLISHES;
        System.out.printf("round %d, %s: %,d publishes to addresses nobody listens on, %.1f µs of processor each"
          + " (with %d ms of the idle cluster)%n", round, localOnly ? "kept on the node" : "cluster-wide", PUBLISHES,
          micros, SETTLE_MS);
      }
    }
    publisher.close().await();
    other.close().await();
    System.exit(0);
  }
}
