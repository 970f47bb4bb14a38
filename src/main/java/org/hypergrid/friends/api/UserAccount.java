package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** A local user account. */
@DataObject
@JsonGen(publicConverter = false)
public class UserAccount {

  private String userId;
  private String firstName;
  private String lastName;

  public UserAccount() {
  }

  public UserAccount(JsonObject json) {
    UserAccountConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    UserAccountConverter.toJson(this, json);
    return json;
  }

  public String getUserId() {
    return userId;
  }

  public UserAccount setUserId(String userId) {
    this.userId = userId;
    return this;
  }

  public String getFirstName() {
    return firstName;
  }

  public UserAccount setFirstName(String firstName) {
    this.firstName = firstName;
    return this;
  }

  public String getLastName() {
    return lastName;
  }

  public UserAccount setLastName(String lastName) {
    this.lastName = lastName;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
