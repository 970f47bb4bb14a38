package org.hypergrid.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * Bulk loading of {@link ScaleBench}'s users and friendships with PostgreSQL's COPY, into a grid's
 * database that its node has already migrated. The friendships' primary key is dropped for the
 * load and built once after it (faster than keeping it up to date row by row).
 */
final class ScaleStore implements AutoCloseable {

  private static final int CHUNK_BYTES = 1 << 20;
  private final Connection connection;

  /** {@code uri}: postgresql://user:password@host:port/database, as the node is configured. */
  ScaleStore(String uri) throws SQLException {
    URI parsed = URI.create(uri);
    String[] credentials = parsed.getUserInfo().split(":", 2);
    connection = DriverManager.getConnection("jdbc:postgresql://" + parsed.getHost() + ":" + parsed.getPort()
      + parsed.getPath(), credentials[0], credentials.length > 1 ? credentials[1] : "");
  }

  /** Rows of a COPY in text format, written out a chunk at a time. */
  static final class Rows {
    private final CopyIn copy;
    private final StringBuilder chunk = new StringBuilder(CHUNK_BYTES + 4096);
    private long count;

    private Rows(CopyIn copy) {
      this.copy = copy;
    }

    void add(String... columns) {
      for (int c = 0; c < columns.length; c++) {
        chunk.append(columns[c]).append(c == columns.length - 1 ? '\n' : '\t');
      }
      count++;
      if (chunk.length() >= CHUNK_BYTES) {
        flush();
      }
    }

    private void flush() {
      byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
      try {
        copy.writeToCopy(bytes, 0, bytes.length);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      chunk.setLength(0);
    }
  }

  /** Copies the rows {@code writer} adds into {@code table (columns)}; the number copied. */
  long copy(String table, String columns, Consumer<Rows> writer) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
      .copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
    Rows rows = new Rows(copy);
    writer.accept(rows);
    rows.flush();
    copy.endCopy();
    return rows.count;
  }

  void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Accounts and friendships (both rows of each), then the key and fresh statistics. */
  long loadFriends(Consumer<Rows> accounts, Consumer<Rows> friendships) throws SQLException {
    execute("ALTER TABLE friends DROP CONSTRAINT friends_pkey");
    long count = copy("user_accounts", "user_id, first_name, last_name", accounts);
    count += copy("friends", "principal_id, friend, flags", friendships);
    execute("ALTER TABLE friends ADD PRIMARY KEY (principal_id, friend)");
    execute("VACUUM ANALYZE friends");
    execute("VACUUM ANALYZE user_accounts");
    return count;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
