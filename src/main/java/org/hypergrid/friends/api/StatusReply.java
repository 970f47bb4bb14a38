package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a status notification: our users who are online and let the foreign user see
 * it, and how many claimed friendships did not verify (what a caller guessing secrets piles up;
 * -1 when the answering grid does not say).
 */
@DataObject
@JsonGen(publicConverter = false)
public class StatusReply {

  private List<String> online = new ArrayList<>();
  private int unverified;

  public StatusReply() {
  }

  public StatusReply(List<String> online, int unverified) {
    this.online = online;
    this.unverified = unverified;
  }

  public StatusReply(JsonObject json) {
    StatusReplyConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    StatusReplyConverter.toJson(this, json);
    return json;
  }

  public List<String> getOnline() {
    return online;
  }

  public StatusReply setOnline(List<String> online) {
    this.online = online;
    return this;
  }

  public int getUnverified() {
    return unverified;
  }

  public StatusReply setUnverified(int unverified) {
    this.unverified = unverified;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
