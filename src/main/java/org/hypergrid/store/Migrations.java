package org.hypergrid.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The schema, as numbered steps applied at start. Each run takes a transaction-scoped advisory
 * lock first, so nodes starting at once apply each step exactly once.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final long LOCK_KEY = 0x4847_4652_4e44L; // "HGFRND"

  static final List<String> STEPS = List.of(
    // 1: the tables of the friends path (OpenSim's shapes, PostgreSQL types)
    """
    CREATE TABLE friends (
      principal_id varchar(255) NOT NULL,
      friend       varchar(255) NOT NULL,
      flags        integer      NOT NULL DEFAULT 0,
      offered      varchar(32)  NOT NULL DEFAULT '0',
      PRIMARY KEY (principal_id, friend)
    );
    CREATE TABLE presence (
      session_id uuid         PRIMARY KEY,
      user_id    varchar(255) NOT NULL,
      region_id  uuid         NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
      last_seen  timestamptz  NOT NULL DEFAULT now()
    );
    CREATE INDEX presence_user ON presence (user_id);
    CREATE INDEX presence_region ON presence (region_id);
    CREATE TABLE regions (
      region_id   uuid         PRIMARY KEY,
      name        varchar(128) NOT NULL,
      loc_x       integer      NOT NULL DEFAULT 0,
      loc_y       integer      NOT NULL DEFAULT 0,
      bus_address varchar(255),
      server_uri  varchar(255),
      updated_at  timestamptz  NOT NULL DEFAULT now()
    );
    CREATE TABLE user_accounts (
      user_id    uuid        PRIMARY KEY,
      first_name varchar(64) NOT NULL,
      last_name  varchar(64) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE user_service_urls (
      user_id    uuid         NOT NULL,
      url_key    varchar(64)  NOT NULL,
      url        varchar(255) NOT NULL,
      fetched_at timestamptz  NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, url_key)
    );
    CREATE TABLE travels (
      user_id           uuid         PRIMARY KEY,
      session_id        uuid         NOT NULL,
      token             varchar(64)  NOT NULL,
      grid_uri          varchar(255) NOT NULL,
      region_server_uri varchar(255),
      started_at        timestamptz  NOT NULL DEFAULT now()
    );
    """,
    // 2: presence lives in memory, owned by regions; regions are claimed by the node serving them
    """
    DROP TABLE presence;
    ALTER TABLE regions ADD COLUMN owner_node varchar(64);
    CREATE INDEX travels_started ON travels (started_at);
    """);

  private Migrations() {
  }

  public static Future<Integer> apply(Pool pool) {
    return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
      .compose(locked -> conn.query("CREATE TABLE IF NOT EXISTS schema_version ("
        + "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())").execute())
      .compose(created -> conn.query("SELECT coalesce(max(version), 0) AS v FROM schema_version").execute())
      .compose(rows -> applyFrom(conn, rows.iterator().next().getInteger("v"))));
  }

  private static Future<Integer> applyFrom(SqlConnection conn, int current) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = current; i < STEPS.size(); i++) {
      int version = i + 1;
      String sql = STEPS.get(i);
      chain = chain.compose(v -> conn.query(sql).execute())
        .compose(v -> conn.preparedQuery("INSERT INTO schema_version (version) VALUES ($1)")
          .execute(Tuple.of(version)))
        .onSuccess(v -> LOG.info("Applied schema migration {}", version))
        .mapEmpty();
    }
    return chain.map(v -> STEPS.size());
  }
}
