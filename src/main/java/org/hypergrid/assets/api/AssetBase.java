package org.hypergrid.assets.api;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.hypergrid.wire.Uuids;

/**
 * An asset as OpenSim's {@code AssetBase} carries it: its metadata and, unless only the metadata
 * was asked for, its data. {@code id} is the asset's id as given (usually the UUID in
 * {@code fullId}; OpenSim lets it be another string, stored under {@code fullId}). {@code flags}
 * is a bit set of {@link AssetFlags}. In JSON the data is base64.
 */
@DataObject
@JsonGen(publicConverter = false)
public class AssetBase {

  public static final String ZERO_ID = "00000000-0000-0000-0000-000000000000";

  private String id = ZERO_ID;
  private String fullId = ZERO_ID;
  private String name = "";
  private String description = "";
  private int type;
  private boolean local;
  private boolean temporary;
  private String creatorId = "";
  private int flags;
  private Buffer data;

  public AssetBase() {
  }

  public AssetBase(JsonObject json) {
    AssetBaseConverter.fromJson(json, this);
  }

  public AssetBase(AssetBase other) {
    this(other.toJson());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    AssetBaseConverter.toJson(this, json);
    return json;
  }

  public String getId() {
    return id;
  }

  /** As OpenSim's setter: an id that is a UUID also becomes the full id. */
  public AssetBase setId(String id) {
    this.id = id;
    if (Uuids.isUuid(id)) {
      this.fullId = id.toLowerCase();
    }
    return this;
  }

  public String getFullId() {
    return fullId;
  }

  /** As OpenSim's setter: the full id is also the id. */
  public AssetBase setFullId(String fullId) {
    this.fullId = fullId;
    this.id = fullId;
    return this;
  }

  public String getName() {
    return name;
  }

  public AssetBase setName(String name) {
    this.name = name;
    return this;
  }

  public String getDescription() {
    return description;
  }

  public AssetBase setDescription(String description) {
    this.description = description;
    return this;
  }

  /** OpenSim's asset type (0 texture, 7 notecard, 49 mesh, -1 unknown ...), a signed byte. */
  public int getType() {
    return type;
  }

  public AssetBase setType(int type) {
    this.type = type;
    return this;
  }

  public boolean isLocal() {
    return local;
  }

  public AssetBase setLocal(boolean local) {
    this.local = local;
    return this;
  }

  public boolean isTemporary() {
    return temporary;
  }

  public AssetBase setTemporary(boolean temporary) {
    this.temporary = temporary;
    return this;
  }

  public String getCreatorId() {
    return creatorId;
  }

  public AssetBase setCreatorId(String creatorId) {
    this.creatorId = creatorId;
    return this;
  }

  public int getFlags() {
    return flags;
  }

  public AssetBase setFlags(int flags) {
    this.flags = flags;
    return this;
  }

  /** The content; null when only the metadata was read. */
  public Buffer getData() {
    return data;
  }

  public AssetBase setData(Buffer data) {
    this.data = data;
    return this;
  }

  @Override
  public String toString() {
    return "asset " + id + " (" + name + ", type " + type + ", " + (data == null ? "no data" : data.length() + " bytes") + ")";
  }
}
