package org.hypergrid.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

/**
 * The floor to compare with: a bare Vert.x HTTP endpoint answering every request with the fixed
 * GV2 reply, on as many event loops as the product's public server.
 */
public class BareServer extends VerticleBase {

  static final String REPLY = "<?xml version=\"1.0\"?><ServerResponse><friend_0>aaaaaaaa-0000-0000-0000-000000000001"
    + "</friend_0><friend_1>bbbbbbbb-0000-0000-0000-000000000002</friend_1></ServerResponse>";

  private final int port;

  BareServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer()
      .requestHandler(request -> request.body().onSuccess(body -> request.response()
        .putHeader("Content-Type", "application/xml; charset=utf-8").end(REPLY)))
      .listen(port, "127.0.0.1");
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Vertx.vertx().deployVerticle(() -> new BareServer(port), new DeploymentOptions().setInstances(instances))
      .onSuccess(id -> System.out.println("bare server listening on " + port))
      .onFailure(e -> {
        e.printStackTrace();
        System.exit(1);
      });
  }
}
