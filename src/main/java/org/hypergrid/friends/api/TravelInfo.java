package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** A local user online on another grid: where (the grid, and the simulator that hosts them) and the session token their home grid issued. */
@DataObject
@JsonGen(publicConverter = false)
public class TravelInfo {

  private String userId;
  private String sessionId;
  private String token;
  private String gridUri;
  private String regionServerUri;

  public TravelInfo() {
  }

  public TravelInfo(JsonObject json) {
    TravelInfoConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    TravelInfoConverter.toJson(this, json);
    return json;
  }

  public String getUserId() {
    return userId;
  }

  public TravelInfo setUserId(String userId) {
    this.userId = userId;
    return this;
  }

  public String getSessionId() {
    return sessionId;
  }

  public TravelInfo setSessionId(String sessionId) {
    this.sessionId = sessionId;
    return this;
  }

  public String getToken() {
    return token;
  }

  public TravelInfo setToken(String token) {
    this.token = token;
    return this;
  }

  public String getGridUri() {
    return gridUri;
  }

  public TravelInfo setGridUri(String gridUri) {
    this.gridUri = gridUri;
    return this;
  }

  public String getRegionServerUri() {
    return regionServerUri;
  }

  public TravelInfo setRegionServerUri(String regionServerUri) {
    this.regionServerUri = regionServerUri;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
