package org.hypergrid.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test run; every grid a test starts gets a database of its
 * own on it, reached as an external server by URI (the path operators use in production).
 */
public final class TestDatabase {

  private static EmbeddedPostgres postgres;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestDatabase() {
  }

  private static synchronized EmbeddedPostgres server() throws Exception {
    if (postgres == null) {
      postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (Exception ignored) {
          // the JVM is going away
        }
      }));
    }
    return postgres;
  }

  /** A new empty database; returns its postgresql:// URI. */
  public static String newDatabase() {
    try {
      EmbeddedPostgres server = server();
      String name = "grid_" + COUNTER.incrementAndGet() + "_" + ProcessHandle.current().pid();
      try (Connection conn = server.getPostgresDatabase().getConnection(); Statement st = conn.createStatement()) {
        st.execute("CREATE DATABASE " + name);
      }
      return "postgresql://postgres:postgres@127.0.0.1:" + server.getPort() + "/" + name;
    } catch (Exception e) {
      throw new IllegalStateException("test PostgreSQL unavailable", e);
    }
  }
}
