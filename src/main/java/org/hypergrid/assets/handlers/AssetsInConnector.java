package org.hypergrid.assets.handlers;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.assets.api.AssetFlags;
import org.hypergrid.assets.api.AssetService;
import org.hypergrid.assets.xml.AssetXml;
import org.hypergrid.runtime.BoundedBody;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.Offload;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.Uuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenSim's asset server protocol ({@code /assets}, {@code /get_assets_exist}) over any
 * {@link AssetService}, answering as ROBUST 0.9.2.2 does: the same status codes and reason
 * phrases, content types and bytes. Remote deletes follow ROBUST's switches
 * ({@code allowRemoteDelete}, {@code allowRemoteDeleteAllTypes}: maptiles only unless all types).
 */
public class AssetsInConnector {

  private static final Logger LOG = LoggerFactory.getLogger(AssetsInConnector.class);

  /** What the connector does beyond the service: remote deletes, the redirect for missing assets. */
  public record Policy(boolean allowRemoteDelete, boolean allowRemoteDeleteAllTypes, String redirectUrl) {
  }

  private final AssetService assets;
  private final long maxAssetBodyBytes;
  private final long maxOtherBodyBytes;
  private final Policy policy;

  /**
   * {@code maxAssetBytes}: the largest asset accepted (its base64 XML body may be a third larger);
   * {@code maxBodyBytes}: the largest body of any other request (a list of ids, or none at all).
   */
  public AssetsInConnector(AssetService assets, long maxAssetBytes, long maxBodyBytes, Policy policy) {
    this.assets = assets;
    this.maxAssetBodyBytes = maxAssetBytes / 3 * 4 + 64 * 1024;
    this.maxOtherBodyBytes = maxBodyBytes;
    this.policy = policy;
  }

  public void mount(Router router) {
    // Only a store or an update carries an asset; nothing else may make us buffer megabytes.
    BoundedBody assetBody = new BoundedBody(maxAssetBodyBytes);
    BoundedBody otherBody = new BoundedBody(maxOtherBodyBytes);
    for (String path : List.of("/assets", "/assets/*")) {
      router.post(path).handler(assetBody).handler(this::assets).failureHandler(this::failed);
      router.route(path).handler(otherBody).handler(this::assets).failureHandler(this::failed);
    }
    router.post("/get_assets_exist").handler(otherBody).handler(this::exist).failureHandler(this::failed);
  }

  private void assets(RoutingContext ctx) {
    String query = ctx.request().query();
    List<String> parts = parts(ctx.request().path() + (query == null ? "" : "?" + query));
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET) {
      get(ctx, parts);
    } else if (method == HttpMethod.POST) {
      post(ctx, parts);
    } else if (method == HttpMethod.DELETE) {
      delete(ctx, parts);
    } else {
      empty(ctx, 405, "MethodNotAllowed", "text/plain");
    }
  }

  /** As ROBUST: the rest of the path and query after {@code /assets}, split on '/', '?' and '&', empty parts dropped. */
  static List<String> parts(String pathAndQuery) {
    List<String> parts = new ArrayList<>();
    for (String part : pathAndQuery.substring("/assets".length()).split("[/?&]")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  private void get(RoutingContext ctx, List<String> parts) {
    if (parts.isEmpty()) {
      empty(ctx, 200, "OK", "application/xml");
      return;
    }
    String id = parts.get(0);
    String what = parts.size() == 1 ? "" : parts.get(1);
    Future<?> answered = switch (what) {
      case "" -> assets.get(id).compose(asset -> Offload.bySize(ctx.vertx(), size(asset), () -> AssetXml.assetReply(asset)))
        .onSuccess(reply -> xml(ctx, "text/xml", reply));
      case "metadata" -> assets.getMetadata(id).onSuccess(asset ->
        xml(ctx, AssetXml.contentType(asset.getType()), AssetXml.metadataReply(asset)));
      case "data" -> assets.getData(id).onSuccess(data -> ctx.response().setStatusCode(200).setStatusMessage("OK")
        .putHeader("Content-Type", "application/octet-stream").end(data));
      default -> {
        refused(ctx, "unknown asset part '" + what + "'");
        empty(ctx, 400, "BadRequest", "text/plain");
        yield null;
      }
    };
    if (answered != null) {
      answered.onFailure(e -> missing(ctx, id, e));
    }
  }

  private void missing(RoutingContext ctx, String id, Throwable failure) {
    if (!ServiceErrors.isNotFound(failure)) {
      internal(ctx, failure);
      return;
    }
    if (!Uuids.isUuid(id)) {
      refused(ctx, "could not parse requested asset id " + id);
    }
    if (!policy.redirectUrl().isBlank() && !id.isEmpty()) {
      ctx.response().setStatusCode(302).setStatusMessage("Found")
        .putHeader("Location", policy.redirectUrl().replaceAll("/+$", "") + ctx.request().path()
          + (ctx.request().query() == null ? "" : "?" + ctx.request().query())).end();
      return;
    }
    empty(ctx, 404, "NotFound", "text/plain");
  }

  private static long size(AssetBase asset) {
    return asset.getData() == null ? 0 : asset.getData().length();
  }

  private void post(RoutingContext ctx, List<String> parts) {
    Buffer body = BoundedBody.bytes(ctx);
    Offload.bySize(ctx.vertx(), body.length(), () -> AssetXml.parseAsset(body)).onComplete(parsed -> {
      if (parsed.failed() && parsed.cause() instanceof IllegalArgumentException unreadable) {
        refused(ctx, unreadable.getMessage());
        empty(ctx, 400, "BadRequest", "application/xml");
      } else if (parsed.failed()) {
        internal(ctx, parsed.cause());
      } else {
        store(ctx, parts, parsed.result());
      }
    });
  }

  private void store(RoutingContext ctx, List<String> parts, AssetBase asset) {
    if (!parts.isEmpty()) {
      // UpdateContent: the id is the path's, only the data is taken from the body.
      assets.updateContent(parts.get(0), asset.getData())
        .onSuccess(updated -> xml(ctx, "application/xml", AssetXml.booleanReply(updated)))
        .onFailure(e -> notStored(ctx, e, AssetXml.booleanReply(false)));
      return;
    }
    assets.store(asset)
      .onSuccess(id -> xml(ctx, "application/xml", AssetXml.stringReply(id)))
      .onFailure(e -> notStored(ctx, e, AssetXml.stringReply(AssetBase.ZERO_ID)));
  }

  /**
   * A store or update that failed: 413 for an asset over the limit, else ROBUST's failure form
   * ({@code failed}: the zero id for a store, false for an update), which OpenSim's client reads.
   */
  private void notStored(RoutingContext ctx, Throwable failure, Buffer failed) {
    logFailure(ctx, failure);
    if (ServiceErrors.is(failure, ServiceErrors.TOO_LARGE)) {
      empty(ctx, 413, "RequestEntityTooLarge", "application/xml");
    } else {
      xml(ctx, "application/xml", failed);
    }
  }

  private void delete(RoutingContext ctx, List<String> parts) {
    String id = parts.isEmpty() ? "" : parts.get(0);
    if (!policy.allowRemoteDelete() || !Uuids.isUuid(id)) {
      xml(ctx, "application/xml", AssetXml.booleanReply(false));
      return;
    }
    Future<Boolean> deleted = policy.allowRemoteDeleteAllTypes() ? assets.delete(id)
      : assets.getMetadata(id).compose(asset -> {
        if (!AssetFlags.has(asset.getFlags(), AssetFlags.MAPTILE)) {
          refused(ctx, "delete of asset " + id + ", which is not a Maptile; remote deletes are for maptiles only");
          return Future.succeededFuture(false);
        }
        return assets.delete(id);
      });
    deleted.otherwise(e -> {
      if (!ServiceErrors.isNotFound(e)) {
        logFailure(ctx, e);
      }
      return false;
    }).onSuccess(done -> xml(ctx, "application/xml", AssetXml.booleanReply(done)));
  }

  private void exist(RoutingContext ctx) {
    List<String> ids;
    try {
      ids = AssetXml.parseStrings(BoundedBody.bytes(ctx));
    } catch (IllegalArgumentException e) {
      refused(ctx, e.getMessage());
      empty(ctx, 400, "BadRequest", "application/xml");
      return;
    }
    assets.assetsExist(ids)
      .onSuccess(found -> xml(ctx, "application/xml", AssetXml.booleansReply(found)))
      .onFailure(e -> {
        if (ServiceErrors.isCallersFault(e)) {
          refused(ctx, e.getMessage());
          empty(ctx, 400, "BadRequest", "application/xml");
        } else {
          internal(ctx, e);
        }
      });
  }

  /** Over-long bodies (413 from the bounded reader) and broken requests, in ROBUST's empty form. */
  private void failed(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status == 413) {
      refused(ctx, "body over the limit");
      empty(ctx, 413, "RequestEntityTooLarge", "application/xml");
    } else if (status < 500) {
      refused(ctx, "unreadable request");
      empty(ctx, 400, "BadRequest", "application/xml");
    } else {
      internal(ctx, ctx.failure());
    }
  }

  /** A refusal of what the caller sent is logged as one; anything else as our own failure. */
  private void logFailure(RoutingContext ctx, Throwable failure) {
    if (ServiceErrors.isCallersFault(failure)) {
      refused(ctx, failure.getMessage());
    } else {
      LogLimiter.warn(LOG, "asset failure", "{} {} failed: {}", ctx.request().method().name(), ctx.request().path(),
        failure.getMessage());
    }
  }

  private void internal(RoutingContext ctx, Throwable failure) {
    LogLimiter.warn(LOG, "asset failure", "{} {} failed: {}", ctx.request().method().name(), ctx.request().path(),
      failure == null ? "unknown" : failure.getMessage());
    empty(ctx, 500, "InternalServerError", "text/plain");
  }

  private static void refused(RoutingContext ctx, String why) {
    LogLimiter.warn(LOG, "asset refused", "Refused {} {} from {}: {}", ctx.request().method().name(),
      ctx.request().path(), String.valueOf(ctx.request().remoteAddress()), why);
  }

  private static void xml(RoutingContext ctx, String contentType, Buffer body) {
    ctx.response().setStatusCode(200).setStatusMessage("OK").putHeader("Content-Type", contentType).end(body);
  }

  private static void empty(RoutingContext ctx, int status, String reason, String contentType) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).setStatusMessage(reason).putHeader("Content-Type", contentType).end();
    }
  }
}
