package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** One friendship row: what principalId grants friend (myFlags) and, from the converse row, what friend grants back (theirFlags, -1 when there is none: a pending offer). */
@DataObject
@JsonGen(publicConverter = false)
public class FriendInfo {

  private String principalId;
  private String friend;
  private int myFlags;
  private int theirFlags;

  public FriendInfo() {
  }

  public FriendInfo(JsonObject json) {
    FriendInfoConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    FriendInfoConverter.toJson(this, json);
    return json;
  }

  public String getPrincipalId() {
    return principalId;
  }

  public FriendInfo setPrincipalId(String principalId) {
    this.principalId = principalId;
    return this;
  }

  public String getFriend() {
    return friend;
  }

  public FriendInfo setFriend(String friend) {
    this.friend = friend;
    return this;
  }

  public int getMyFlags() {
    return myFlags;
  }

  public FriendInfo setMyFlags(int myFlags) {
    this.myFlags = myFlags;
    return this;
  }

  public int getTheirFlags() {
    return theirFlags;
  }

  public FriendInfo setTheirFlags(int theirFlags) {
    this.theirFlags = theirFlags;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
