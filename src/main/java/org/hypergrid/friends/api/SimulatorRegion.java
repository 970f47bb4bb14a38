package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * A region a simulator registered, as OpenSim's GridRegion carries it: position and size in
 * metres, the simulator's addresses, map textures, maturity, secret, estate owner and flags
 * ({@link #DEFAULT_REGION} and the rest, OpenSim's RegionFlags).
 */
@DataObject
@JsonGen(publicConverter = false)
public class SimulatorRegion {

  public static final int DEFAULT_REGION = 1;
  public static final int FALLBACK_REGION = 2;
  public static final int REGION_ONLINE = 4;
  public static final int NO_DIRECT_LOGIN = 8;
  public static final int PERSISTENT = 16;
  public static final int LOCKED_OUT = 32;
  public static final int NO_MOVE = 64;
  public static final int RESERVATION = 128;
  public static final int AUTHENTICATE = 256;
  public static final int HYPERLINK = 512;
  public static final int DEFAULT_HG_REGION = 1024;
  /** The metres of one map cell: positions on the wire are cells × this. */
  public static final int CELL = 256;

  private String regionId;
  private int locX;
  private int locY;
  private int sizeX;
  private int sizeY;
  private String name;
  private int flags;
  private String serverIp;
  private int serverHttpPort;
  private String serverUri;
  private int serverPort;
  private String mapTexture;
  private String parcelTexture;
  private int access;
  private String regionSecret;
  private String ownerId;
  private String token;

  public SimulatorRegion() {
  }

  public SimulatorRegion(JsonObject json) {
    SimulatorRegionConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    SimulatorRegionConverter.toJson(this, json);
    return json;
  }

  public String getRegionId() {
    return regionId;
  }

  public SimulatorRegion setRegionId(String regionId) {
    this.regionId = regionId;
    return this;
  }

  public int getLocX() {
    return locX;
  }

  public SimulatorRegion setLocX(int locX) {
    this.locX = locX;
    return this;
  }

  public int getLocY() {
    return locY;
  }

  public SimulatorRegion setLocY(int locY) {
    this.locY = locY;
    return this;
  }

  public int getSizeX() {
    return sizeX;
  }

  public SimulatorRegion setSizeX(int sizeX) {
    this.sizeX = sizeX;
    return this;
  }

  public int getSizeY() {
    return sizeY;
  }

  public SimulatorRegion setSizeY(int sizeY) {
    this.sizeY = sizeY;
    return this;
  }

  public String getName() {
    return name;
  }

  public SimulatorRegion setName(String name) {
    this.name = name;
    return this;
  }

  public int getFlags() {
    return flags;
  }

  public SimulatorRegion setFlags(int flags) {
    this.flags = flags;
    return this;
  }

  public String getServerIp() {
    return serverIp;
  }

  public SimulatorRegion setServerIp(String serverIp) {
    this.serverIp = serverIp;
    return this;
  }

  public int getServerHttpPort() {
    return serverHttpPort;
  }

  public SimulatorRegion setServerHttpPort(int serverHttpPort) {
    this.serverHttpPort = serverHttpPort;
    return this;
  }

  public String getServerUri() {
    return serverUri;
  }

  public SimulatorRegion setServerUri(String serverUri) {
    this.serverUri = serverUri;
    return this;
  }

  public int getServerPort() {
    return serverPort;
  }

  public SimulatorRegion setServerPort(int serverPort) {
    this.serverPort = serverPort;
    return this;
  }

  public String getMapTexture() {
    return mapTexture;
  }

  public SimulatorRegion setMapTexture(String mapTexture) {
    this.mapTexture = mapTexture;
    return this;
  }

  public String getParcelTexture() {
    return parcelTexture;
  }

  public SimulatorRegion setParcelTexture(String parcelTexture) {
    this.parcelTexture = parcelTexture;
    return this;
  }

  public int getAccess() {
    return access;
  }

  public SimulatorRegion setAccess(int access) {
    this.access = access;
    return this;
  }

  public String getRegionSecret() {
    return regionSecret;
  }

  public SimulatorRegion setRegionSecret(String regionSecret) {
    this.regionSecret = regionSecret;
    return this;
  }

  public String getOwnerId() {
    return ownerId;
  }

  public SimulatorRegion setOwnerId(String ownerId) {
    this.ownerId = ownerId;
    return this;
  }

  public String getToken() {
    return token;
  }

  public SimulatorRegion setToken(String token) {
    this.token = token;
    return this;
  }
}
