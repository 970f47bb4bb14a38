package org.hypergrid.assets.clients;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.assets.api.AssetService;
import org.hypergrid.assets.xml.AssetXml;
import org.hypergrid.runtime.Offload;
import org.hypergrid.runtime.ServiceErrors;

import java.util.List;
import java.util.UUID;

/**
 * An {@link AssetService} on an asset server that speaks OpenSim's protocol (a ROBUST asset
 * service, or one of ours): requests as OpenSim's {@code AssetServicesConnector} sends them, and
 * its reading of the answers — a 404 or an empty body is "not found", a zero or empty id answered
 * to a store is a failure, an update first reads the metadata.
 */
public class AssetsHttpConnector implements AssetService {

  private final Vertx vertx;
  private final WebClient web;
  private final String base;
  private final long timeoutMs;

  /** {@code baseUrl}: the server's root, e.g. {@code http://robust:8003}. */
  public AssetsHttpConnector(Vertx vertx, WebClient web, String baseUrl, long timeoutMs) {
    this.vertx = vertx;
    this.web = web;
    this.base = baseUrl.replaceAll("/+$", "");
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<AssetBase> get(String id) {
    return fetch("/assets/" + id).compose(body -> Offload.bySize(vertx, body.length(), () -> AssetXml.parseAsset(body)));
  }

  @Override
  public Future<AssetBase> getMetadata(String id) {
    return fetch("/assets/" + id + "/metadata").map(AssetXml::parseMetadata);
  }

  @Override
  public Future<Buffer> getData(String id) {
    return fetch("/assets/" + id + "/data");
  }

  /** The body of a 200 with content; anything else is "not found", as the OpenSim client reads it. */
  private Future<Buffer> fetch(String path) {
    return send(web.getAbs(base + path), null).compose(reply -> {
      if (reply.statusCode() / 100 != 2 || reply.body() == null || reply.body().length() == 0) {
        return ServiceErrors.notFound("asset server answered " + reply.statusCode() + " for " + path);
      }
      return Future.succeededFuture(reply.body());
    });
  }

  @Override
  public Future<String> store(AssetBase asset) {
    AssetBase sent = new AssetBase(asset);
    if (sent.getId() == null || sent.getId().isEmpty() || AssetBase.ZERO_ID.equals(sent.getId())) {
      // As the OpenSim client: an asset without an id takes its full id, or a new one.
      sent.setFullId(AssetBase.ZERO_ID.equals(sent.getFullId()) ? UUID.randomUUID().toString() : sent.getFullId());
    }
    return request(sent).compose(body -> send(web.postAbs(base + "/assets/"), body)).compose(reply -> {
      String id = reply.statusCode() == 200 && reply.body() != null && reply.body().length() > 0
        ? AssetXml.parsePrimitive(reply.body(), "string") : "";
      if (id.isEmpty() || AssetBase.ZERO_ID.equals(id)) {
        return reply.statusCode() == 413 ? ServiceErrors.tooLarge("the asset server refused the asset's size")
          : ServiceErrors.badInput("the asset server did not store " + sent.getId() + " (HTTP " + reply.statusCode() + ")");
      }
      return Future.succeededFuture(id);
    });
  }

  @Override
  public Future<Boolean> updateContent(String id, Buffer data) {
    // As the OpenSim client: the metadata first (no asset, no update), then the asset with new data.
    return getMetadata(id)
      .compose(metadata -> request(metadata.setData(data)))
      .compose(body -> send(web.postAbs(base + "/assets/" + id), body))
      .map(reply -> reply.statusCode() == 200 && AssetXml.bool(AssetXml.parsePrimitive(reply.body(), "boolean")))
      .recover(e -> ServiceErrors.isNotFound(e) ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return send(web.deleteAbs(base + "/assets/" + id), null)
      .map(reply -> reply.statusCode() == 200 && AssetXml.bool(AssetXml.parsePrimitive(reply.body(), "boolean")));
  }

  @Override
  public Future<List<Boolean>> assetsExist(List<String> ids) {
    return send(web.postAbs(base + "/get_assets_exist"), AssetXml.stringsRequest(ids))
      .map(reply -> reply.statusCode() == 200 ? AssetXml.parseBooleans(reply.body()) : null)
      // A server without it (or failing) is taken to have none of them, as the OpenSim client does.
      .otherwiseEmpty()
      .map(found -> found != null && found.size() == ids.size() ? found : ids.stream().map(id -> false).toList());
  }

  /** The body of a store or update, written off the event loop when the asset is large. */
  private Future<Buffer> request(AssetBase asset) {
    return Offload.bySize(vertx, asset.getData() == null ? 0 : asset.getData().length(),
      () -> AssetXml.assetRequest(asset));
  }

  private Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, Buffer body) {
    request.timeout(timeoutMs).followRedirects(true);
    if (body == null) {
      return request.send();
    }
    return request.putHeader("Content-Type", "text/xml").sendBuffer(body);
  }
}
