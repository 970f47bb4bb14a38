package org.hypergrid.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** A session of an agent in one of our regions. */
@DataObject
@JsonGen(publicConverter = false)
public class PresenceInfo {

  private String userId;
  private String sessionId;
  private String regionId;
  private String lastSeen;

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
    return lastSeen;
  }

  public PresenceInfo setLastSeen(String lastSeen) {
    this.lastSeen = lastSeen;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
