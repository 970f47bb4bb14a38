package org.hypergrid.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor for asset GETs: a bare Vert.x endpoint answering each path with the exact bytes (and
 * content type) the asset server answered for it, read once from that server at start.
 * Usage: {@code BareAssetServer <port> <instances> <asset-server-url> <path>...}
 */
public class BareAssetServer extends VerticleBase {

  record Reply(String contentType, Buffer body) {
  }

  private final int port;
  private final Map<String, Reply> replies;

  BareAssetServer(int port, Map<String, Reply> replies) {
    this.port = port;
    this.replies = replies;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(request -> {
      Reply reply = replies.get(request.path());
      if (reply == null) {
        request.response().setStatusCode(404).end();
      } else {
        request.response().putHeader("Content-Type", reply.contentType()).end(reply.body());
      }
    }).listen(port, "127.0.0.1");
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    String server = args[2];
    List<String> paths = List.of(args).subList(3, args.length);
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx);
    Map<String, Reply> replies = new LinkedHashMap<>();
    Future<Void> read = Future.succeededFuture();
    for (String path : paths) {
      read = read.compose(v -> web.getAbs(server + path).send().map(response -> {
        replies.put(path, new Reply(response.getHeader("Content-Type"), response.body()));
        return null;
      }));
    }
    read.compose(v -> vertx.deployVerticle(() -> new BareAssetServer(port, Map.copyOf(replies)),
        new DeploymentOptions().setInstances(instances)))
      .onSuccess(id -> System.out.println("bare asset server listening on " + port + " with " + replies.keySet()))
      .onFailure(e -> {
        e.printStackTrace();
        System.exit(1);
      });
  }
}
