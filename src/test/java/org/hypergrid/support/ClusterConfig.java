package org.hypergrid.support;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Hazelcast on loopback for tests: TCP-IP join, no multicast, a cluster name of the test's own,
 * and the heartbeat settings of conf/cluster.xml (a silent member is dropped within 5 s). The same
 * settings serve nodes built in the test JVM and nodes started as processes (as an XML file).
 */
public final class ClusterConfig {

  public static final int BASE_PORT = 5801;
  static final Map<String, String> PROPERTIES = Map.of(
    "hazelcast.wait.seconds.before.join", "0",
    "hazelcast.logging.type", "slf4j",
    "hazelcast.phone.home.enabled", "false",
    "hazelcast.heartbeat.interval.seconds", "1",
    "hazelcast.max.no.heartbeat.seconds", "5",
    "hazelcast.tcp.join.port.try.count", "10",
    "hazelcast.merge.first.run.delay.seconds", "2",
    "hazelcast.merge.next.run.delay.seconds", "2");

  private ClusterConfig() {
  }

  public static Config hazelcast(String clusterName) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    PROPERTIES.forEach(config::setProperty);
    config.getNetworkConfig().setPort(BASE_PORT).setPortAutoIncrement(true);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    return config;
  }

  /** A clustered Vert.x in this JVM; with {@code haGroup} non-null it takes part in failover of that group. */
  public static Vertx node(String clusterName, String haGroup) {
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1");
    if (haGroup != null) {
      options.setHAEnabled(true).setHAGroup(haGroup);
    }
    return TestGrid.await(Vertx.builder().with(options)
      .withClusterManager(new HazelcastClusterManager(hazelcast(clusterName))).buildClustered());
  }

  /** The same settings as a cluster.xml for a node started as its own process. */
  public static Path xml(String clusterName, Path dir) throws IOException {
    StringBuilder properties = new StringBuilder();
    PROPERTIES.forEach((k, v) -> properties.append("    <property name=\"").append(k).append("\">").append(v)
      .append("</property>\n"));
    String xml = """
      <hazelcast xmlns="http://www.hazelcast.com/schema/config">
        <cluster-name>%s</cluster-name>
        <properties>
      %s  </properties>
        <network>
          <port auto-increment="true" port-count="20">%d</port>
          <join>
            <auto-detection enabled="false"/>
            <multicast enabled="false"/>
            <tcp-ip enabled="true"><member>127.0.0.1</member></tcp-ip>
          </join>
          <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
        </network>
        <multimap name="__vertx.subs"><backup-count>1</backup-count><value-collection-type>SET</value-collection-type></multimap>
        <map name="__vertx.haInfo"><backup-count>1</backup-count></map>
        <map name="__vertx.nodeInfo"><backup-count>1</backup-count></map>
      </hazelcast>
      """.formatted(clusterName, properties, BASE_PORT);
    Files.createDirectories(dir);
    Path file = dir.resolve(clusterName + ".xml");
    Files.writeString(file, xml);
    return file;
  }
}
