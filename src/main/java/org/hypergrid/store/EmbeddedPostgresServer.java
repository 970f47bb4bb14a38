package org.hypergrid.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The product's default store: a real PostgreSQL the process starts itself, its data kept in a
 * directory that survives restarts. One server per data directory per JVM. All methods block:
 * call them from a worker ({@code executeBlocking}), never from an event loop.
 */
public final class EmbeddedPostgresServer {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Map<Path, Running> RUNNING = new ConcurrentHashMap<>();

  private record Running(EmbeddedPostgres postgres, int[] users) {
  }

  private EmbeddedPostgresServer() {
  }

  /** Starts (or joins) the server for this directory and returns its port. */
  public static synchronized int acquire(String dataDir, int port) throws IOException {
    Path dir = Path.of(dataDir).toAbsolutePath().normalize();
    Running running = RUNNING.get(dir);
    if (running == null) {
      Files.createDirectories(dir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        // The embedded defaults trade durability for speed; a product store must not lose commits.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "100");
      if (port > 0) {
        builder.setPort(port);
      }
      running = new Running(builder.start(), new int[] {0});
      RUNNING.put(dir, running);
      LOG.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", running.postgres.getPort(), dir);
    }
    running.users[0]++;
    return running.postgres.getPort();
  }

  /** Stops the server for this directory once its last user releases it. */
  public static synchronized void release(String dataDir) throws IOException {
    Path dir = Path.of(dataDir).toAbsolutePath().normalize();
    Running running = RUNNING.get(dir);
    if (running != null && --running.users[0] <= 0) {
      RUNNING.remove(dir);
      running.postgres.close();
      LOG.info("Embedded PostgreSQL with data in {} stopped", dir);
    }
  }
}
