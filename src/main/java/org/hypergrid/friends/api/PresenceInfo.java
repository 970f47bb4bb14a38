package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Where a user is online: a session in one of our regions (regionId), or, for a local user
 * travelling, the grid and simulator hosting them (gridUri, regionServerUri; regionId null).
 * A session in a region names the cluster node hosting that region (nodeId).
 */
@DataObject
@JsonGen(publicConverter = false)
public class PresenceInfo {

  private String userId;
  private String sessionId;
  private String regionId;
  private String nodeId;
  private String lastSeen;
  /** When set (and lastSeen is not), lastSeen is this instant, written out only when asked for. */
  private long lastSeenMillis = -1;
  private String gridUri;
  private String regionServerUri;
  private String homeUri;

  public PresenceInfo() {
  }

  public PresenceInfo(JsonObject json) {
    PresenceInfoConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    PresenceInfoConverter.toJson(this, json);
    return json;
  }

  public String getUserId() {
    return userId;
  }

  public PresenceInfo setUserId(String userId) {
    this.userId = userId;
    return this;
  }

  public String getSessionId() {
    return sessionId;
  }

  public PresenceInfo setSessionId(String sessionId) {
    this.sessionId = sessionId;
    return this;
  }

  public String getRegionId() {
    return regionId;
  }

  public PresenceInfo setRegionId(String regionId) {
    this.regionId = regionId;
    return this;
  }

  public String getLastSeen() {
    if (lastSeen == null && lastSeenMillis >= 0) {
      lastSeen = Instant.ofEpochMilli(lastSeenMillis).toString();
    }
    return lastSeen;
  }

  public PresenceInfo setLastSeen(String lastSeen) {
    this.lastSeen = lastSeen;
    return this;
  }

  /**
   * lastSeen as epoch milliseconds: formatting an instant costs more than the rest of a
   * presence look-up, and the notification path never reads it.
   */
  @GenIgnore
  public PresenceInfo lastSeenAt(long epochMillis) {
    this.lastSeen = null;
    this.lastSeenMillis = epochMillis;
    return this;
  }

  public String getGridUri() {
    return gridUri;
  }

  public PresenceInfo setGridUri(String gridUri) {
    this.gridUri = gridUri;
    return this;
  }

  public String getRegionServerUri() {
    return regionServerUri;
  }

  public PresenceInfo setRegionServerUri(String regionServerUri) {
    this.regionServerUri = regionServerUri;
    return this;
  }

  /** The cluster node whose region hosts the session; null for a traveller. */
  public String getNodeId() {
    return nodeId;
  }

  public PresenceInfo setNodeId(String nodeId) {
    this.nodeId = nodeId;
    return this;
  }

  /** A visitor's home grid (a foreign user in one of our regions); null for our own users. */
  public String getHomeUri() {
    return homeUri;
  }

  public PresenceInfo setHomeUri(String homeUri) {
    this.homeUri = homeUri;
    return this;
  }

  /** True for a local user online on another grid. */
  @io.vertx.codegen.annotations.GenIgnore
  public boolean isTravelling() {
    return gridUri != null;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
