package org.hypergrid.friends;

import org.hypergrid.store.Schema;

import java.util.List;

/**
 * The tables of the friends family (friendships, accounts, service URLs, regions, travels): one
 * track shared by its services, so a node hosting any of them has all of them.
 */
final class FriendsSchema {

  /** The track's name; databases from before tracks existed hold it as their only one. */
  static final String TRACK = "hypergrid";

  private static final List<String> STEPS = List.of(
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
    """,
    // 3: offers from foreign grids carry their time, so they expire; stale service URLs are swept
    """
    ALTER TABLE friends ADD COLUMN offered_at timestamptz;
    CREATE INDEX friends_offered ON friends (offered_at) WHERE offered_at IS NOT NULL;
    CREATE INDEX user_service_urls_fetched ON user_service_urls (fetched_at);
    """,
    // 4: OpenSim's grid user: where each user was last, their home, online, login and logout times
    """
    CREATE TABLE griduser (
      user_id        varchar(255) PRIMARY KEY,
      home_region_id uuid         NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
      home_position  varchar(64)  NOT NULL DEFAULT '<0, 0, 0>',
      home_look_at   varchar(64)  NOT NULL DEFAULT '<0, 0, 0>',
      last_region_id uuid         NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
      last_position  varchar(64)  NOT NULL DEFAULT '<0, 0, 0>',
      last_look_at   varchar(64)  NOT NULL DEFAULT '<0, 0, 0>',
      online         boolean      NOT NULL DEFAULT false,
      login_at       bigint       NOT NULL DEFAULT 0,
      logout_at      bigint       NOT NULL DEFAULT 0
    );
    """,
    // 5: what a simulator registers with its region, as OpenSim's GridRegion carries it
    """
    ALTER TABLE regions
      ADD COLUMN size_x           integer      NOT NULL DEFAULT 256,
      ADD COLUMN size_y           integer      NOT NULL DEFAULT 256,
      ADD COLUMN flags            integer      NOT NULL DEFAULT 0,
      ADD COLUMN server_ip        varchar(255) NOT NULL DEFAULT '',
      ADD COLUMN server_http_port integer      NOT NULL DEFAULT 0,
      ADD COLUMN server_port      integer      NOT NULL DEFAULT 0,
      ADD COLUMN map_texture      uuid         NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
      ADD COLUMN parcel_texture   uuid         NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
      ADD COLUMN access           integer      NOT NULL DEFAULT 0,
      ADD COLUMN region_secret    varchar(255) NOT NULL DEFAULT '',
      ADD COLUMN owner_uuid       uuid         NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
      ADD COLUMN token            varchar(255) NOT NULL DEFAULT '';
    CREATE INDEX regions_position ON regions (loc_x, loc_y);
    CREATE INDEX regions_name ON regions (lower(name));
    """,
    // 6: the sessions each node holds, so the friends of agents a node held when it died unseen
    //    (kill -9, power loss) are told at its next start
    """
    CREATE TABLE session_journal (
      agent_id    uuid        PRIMARY KEY,
      session_id  uuid        NOT NULL,
      node_id     varchar(80) NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX session_journal_node ON session_journal (node_id);
    """,
    // 7: each node's membership epoch, and whether the cluster declared that epoch gone: the
    //    registry refuses claims and departures from a fenced node until it rejoins (epoch + 1)
    """
    CREATE TABLE cluster_members (
      node_id    varchar(80) PRIMARY KEY,
      epoch      bigint      NOT NULL,
      fenced     boolean     NOT NULL DEFAULT false,
      fenced_by  varchar(80),
      changed_at timestamptz NOT NULL DEFAULT now(),
      last_seen  timestamptz NOT NULL DEFAULT now()
    );
    """);

  static final Schema SCHEMA = new Schema(TRACK, STEPS);

  private FriendsSchema() {
  }
}
