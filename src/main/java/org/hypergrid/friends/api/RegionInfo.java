package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** A region and how to reach it: an event-bus address for our region verticles, or the server URI of an external simulator. */
@DataObject
@JsonGen(publicConverter = false)
public class RegionInfo {

  private String regionId;
  private String name;
  private int locX;
  private int locY;
  private String busAddress;
  private String serverUri;
  private String ownerNode;

  public RegionInfo() {
  }

  public RegionInfo(JsonObject json) {
    RegionInfoConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    RegionInfoConverter.toJson(this, json);
    return json;
  }

  public String getRegionId() {
    return regionId;
  }

  public RegionInfo setRegionId(String regionId) {
    this.regionId = regionId;
    return this;
  }

  public String getName() {
    return name;
  }

  public RegionInfo setName(String name) {
    this.name = name;
    return this;
  }

  public int getLocX() {
    return locX;
  }

  public RegionInfo setLocX(int locX) {
    this.locX = locX;
    return this;
  }

  public int getLocY() {
    return locY;
  }

  public RegionInfo setLocY(int locY) {
    this.locY = locY;
    return this;
  }

  public String getBusAddress() {
    return busAddress;
  }

  public RegionInfo setBusAddress(String busAddress) {
    this.busAddress = busAddress;
    return this;
  }

  public String getServerUri() {
    return serverUri;
  }

  public RegionInfo setServerUri(String serverUri) {
    this.serverUri = serverUri;
    return this;
  }

  /** The cluster node serving this region (our regions only). */
  public String getOwnerNode() {
    return ownerNode;
  }

  public RegionInfo setOwnerNode(String ownerNode) {
    this.ownerNode = ownerNode;
    return this;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
