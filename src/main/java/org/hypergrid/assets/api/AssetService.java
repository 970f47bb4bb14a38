package org.hypergrid.assets.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.hypergrid.runtime.ServiceProxies;

import java.util.List;

/**
 * Assets, as OpenSim's asset service keeps them: immutable once stored (a second store of an id
 * changes nothing), found by UUID. A missing asset, or an id that is not a UUID, fails with code
 * 404; an asset over the size limit with 413; other bad input with 400.
 */
@VertxGen
@ProxyGen
public interface AssetService {

  String ADDRESS = "hg.service.assets";

  static AssetService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, AssetService.class, ServiceProxies.DEFAULT_TIMEOUT_MS);
  }

  /** The asset with its data. */
  Future<AssetBase> get(String id);

  /** The asset without its data. */
  Future<AssetBase> getMetadata(String id);

  /** Only the asset's data. */
  Future<Buffer> getData(String id);

  /**
   * Stores the asset under its full id and answers its id as given; an asset that exists already
   * is left as it is (and its id still answered).
   */
  Future<String> store(AssetBase asset);

  /** Replaces the data of a {@link AssetFlags#REWRITABLE} asset; false (nothing changed) for any other. */
  Future<Boolean> updateContent(String id, Buffer data);

  /** Deletes the asset; false when there was none. */
  Future<Boolean> delete(String id);

  /** One answer per id, in order; all false when any id is not a UUID (as OpenSim answers). */
  Future<List<Boolean>> assetsExist(List<String> ids);
}
