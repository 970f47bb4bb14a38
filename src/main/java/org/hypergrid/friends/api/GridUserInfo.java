package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * What the grid remembers of a user between sessions (OpenSim's GridUserInfo): home and last
 * region with position and look-at (Vector3 text, {@code <x, y, z>}), whether they are online,
 * and their last login and logout (Unix seconds, 0 for never).
 */
@DataObject
@JsonGen(publicConverter = false)
public class GridUserInfo {

  private String userId;
  private String homeRegionId;
  private String homePosition;
  private String homeLookAt;
  private String lastRegionId;
  private String lastPosition;
  private String lastLookAt;
  private boolean online;
  private long login;
  private long logout;

  public GridUserInfo() {
  }

  public GridUserInfo(JsonObject json) {
    GridUserInfoConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    GridUserInfoConverter.toJson(this, json);
    return json;
  }

  public String getUserId() {
    return userId;
  }

  public GridUserInfo setUserId(String userId) {
    this.userId = userId;
    return this;
  }

  public String getHomeRegionId() {
    return homeRegionId;
  }

  public GridUserInfo setHomeRegionId(String homeRegionId) {
    this.homeRegionId = homeRegionId;
    return this;
  }

  public String getHomePosition() {
    return homePosition;
  }

  public GridUserInfo setHomePosition(String homePosition) {
    this.homePosition = homePosition;
    return this;
  }

  public String getHomeLookAt() {
    return homeLookAt;
  }

  public GridUserInfo setHomeLookAt(String homeLookAt) {
    this.homeLookAt = homeLookAt;
    return this;
  }

  public String getLastRegionId() {
    return lastRegionId;
  }

  public GridUserInfo setLastRegionId(String lastRegionId) {
    this.lastRegionId = lastRegionId;
    return this;
  }

  public String getLastPosition() {
    return lastPosition;
  }

  public GridUserInfo setLastPosition(String lastPosition) {
    this.lastPosition = lastPosition;
    return this;
  }

  public String getLastLookAt() {
    return lastLookAt;
  }

  public GridUserInfo setLastLookAt(String lastLookAt) {
    this.lastLookAt = lastLookAt;
    return this;
  }

  public boolean isOnline() {
    return online;
  }

  public GridUserInfo setOnline(boolean online) {
    this.online = online;
    return this;
  }

  public long getLogin() {
    return login;
  }

  public GridUserInfo setLogin(long login) {
    this.login = login;
    return this;
  }

  public long getLogout() {
    return logout;
  }

  public GridUserInfo setLogout(long logout) {
    this.logout = logout;
    return this;
  }
}
