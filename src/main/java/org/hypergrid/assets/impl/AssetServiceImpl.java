package org.hypergrid.assets.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.assets.api.AssetFlags;
import org.hypergrid.assets.api.AssetService;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Assets in PostgreSQL, with OpenSim's rules: stored under the full id, never overwritten by a
 * store, name and description cut to 64 characters, at most {@code maxAssetBytes} of data.
 */
public class AssetServiceImpl implements AssetService {

  /** OpenSim's MAX_ASSET_NAME and MAX_ASSET_DESC. */
  static final int MAX_TEXT = 64;
  /** Room for a Hypergrid creator (UUID, home URL and name). */
  static final int MAX_CREATOR = 255;
  /** Ids asked about in one {@code assetsExist}. */
  static final int MAX_IDS = 1_000;
  private static final String META = "id, name, description, asset_type, local, temporary, creator_id, asset_flags";

  private final Pool pool;
  private final long maxAssetBytes;

  public AssetServiceImpl(Pool pool, long maxAssetBytes) {
    this.pool = pool;
    this.maxAssetBytes = maxAssetBytes;
  }

  @Override
  public Future<AssetBase> get(String id) {
    return one(id, META + ", data").map(row -> metadata(row).setData(row.getBuffer("data")));
  }

  @Override
  public Future<AssetBase> getMetadata(String id) {
    return one(id, META).map(AssetServiceImpl::metadata);
  }

  @Override
  public Future<Buffer> getData(String id) {
    return one(id, "data").map(row -> row.getBuffer("data"));
  }

  private Future<Row> one(String id, String columns) {
    if (!Uuids.isUuid(id)) {
      return ServiceErrors.notFound("could not parse requested asset id " + id);
    }
    return pool.preparedQuery("SELECT " + columns + " FROM assets WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
      .compose(rows -> rows.size() == 0 ? ServiceErrors.notFound("asset " + id + " not found")
        : Future.succeededFuture(rows.iterator().next()));
  }

  private static AssetBase metadata(Row row) {
    return new AssetBase().setFullId(row.getUUID("id").toString()).setName(row.getString("name"))
      .setDescription(row.getString("description")).setType(row.getInteger("asset_type"))
      .setLocal(row.getBoolean("local")).setTemporary(row.getBoolean("temporary"))
      .setCreatorId(row.getString("creator_id")).setFlags(row.getInteger("asset_flags"));
  }

  @Override
  public Future<String> store(AssetBase asset) {
    if (asset == null || asset.getData() == null) {
      return ServiceErrors.badInput("an asset to store needs its data");
    }
    if (asset.getData().length() > maxAssetBytes) {
      return ServiceErrors.tooLarge("asset " + asset.getId() + " has " + asset.getData().length()
        + " bytes; this grid stores at most " + maxAssetBytes);
    }
    if (!Uuids.isUuid(asset.getFullId())) {
      return ServiceErrors.badInput("an asset's full id must be a UUID, not " + asset.getFullId());
    }
    if (asset.getType() < Byte.MIN_VALUE || asset.getType() > Byte.MAX_VALUE) {
      return ServiceErrors.badInput("an asset type is a signed byte, not " + asset.getType());
    }
    String creator = asset.getCreatorId() == null ? "" : asset.getCreatorId();
    if (creator.length() > MAX_CREATOR) {
      return ServiceErrors.badInput("an asset's creator id has at most " + MAX_CREATOR + " characters");
    }
    // An asset that exists is immutable through store: the id is answered, nothing written.
    return pool.preparedQuery("INSERT INTO assets (" + META + ", data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        + " ON CONFLICT (id) DO NOTHING")
      .execute(Tuple.of(UUID.fromString(asset.getFullId()), cut(asset.getName()), cut(asset.getDescription()),
        (short) asset.getType(), asset.isLocal(), asset.isTemporary(), creator, asset.getFlags(), asset.getData()))
      .map(done -> asset.getId());
  }

  @Override
  public Future<Boolean> updateContent(String id, Buffer data) {
    if (!Uuids.isUuid(id) || data == null) {
      return Future.succeededFuture(false);
    }
    if (data.length() > maxAssetBytes) {
      return ServiceErrors.tooLarge("new content of " + data.length() + " bytes; this grid stores at most " + maxAssetBytes);
    }
    return pool.preparedQuery("UPDATE assets SET data = $2 WHERE id = $1 AND (asset_flags & $3) <> 0")
      .execute(Tuple.of(UUID.fromString(id), data, AssetFlags.REWRITABLE))
      .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<Boolean> delete(String id) {
    if (!Uuids.isUuid(id)) {
      return Future.succeededFuture(false);
    }
    return pool.preparedQuery("DELETE FROM assets WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
      .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<List<Boolean>> assetsExist(List<String> ids) {
    if (ids.size() > MAX_IDS) {
      return ServiceErrors.badInput("at most " + MAX_IDS + " ids per question");
    }
    if (!ids.stream().allMatch(Uuids::isUuid)) {
      return Future.succeededFuture(ids.stream().map(id -> false).toList());
    }
    UUID[] wanted = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
    return pool.preparedQuery("SELECT id FROM assets WHERE id = ANY($1)").execute(Tuple.of(wanted))
      .map(rows -> {
        Set<String> found = new HashSet<>();
        rows.forEach(row -> found.add(row.getUUID("id").toString()));
        List<Boolean> answers = new ArrayList<>(ids.size());
        ids.forEach(id -> answers.add(found.contains(id.toLowerCase())));
        return answers;
      });
  }

  /** At most 64 characters, without splitting a surrogate pair. */
  private static String cut(String text) {
    if (text == null) {
      return "";
    }
    if (text.length() <= MAX_TEXT) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
    return text.substring(0, end);
  }
}
