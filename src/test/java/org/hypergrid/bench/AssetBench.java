package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.assets.clients.AssetsHttpConnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Asset GETs, ours against a bare Vert.x endpoint serving the same bytes, in one run with one
 * load generator: a 1 KiB and a 1 MiB asset, whole ({@code /assets/<id>}, base64 in XML) and data
 * only ({@code /assets/<id>/data}).
 * Usage: {@code AssetBench store <asset-server-url>} (stores the two assets), then
 * {@code AssetBench run <asset-server-url> <bare-url> <seconds> <connections>}.
 */
public final class AssetBench {

  static final String SMALL = "be000000-0000-4000-8000-000000000001";
  static final String LARGE = "be000000-0000-4000-8000-000000000002";

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      if (args[0].equals("store")) {
        store(vertx, args[1]);
      } else {
        run(vertx, args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static void store(Vertx vertx, String server) throws Exception {
    AssetsHttpConnector assets = new AssetsHttpConnector(vertx, WebClient.create(vertx), server, 30_000);
    Random random = new Random(7);
    byte[] small = new byte[1024];
    byte[] large = new byte[1024 * 1024];
    random.nextBytes(small);
    random.nextBytes(large);
    await(assets.store(new AssetBase().setFullId(SMALL).setName("1 KiB texture").setType(0).setData(Buffer.buffer(small)))
      .compose(v -> assets.store(new AssetBase().setFullId(LARGE).setName("1 MiB mesh").setType(49)
        .setData(Buffer.buffer(large)))));
    System.out.println("stored " + SMALL + " (1 KiB) and " + LARGE + " (1 MiB)");
  }

  private static void run(Vertx vertx, String server, String bare, int seconds, int connections) throws Exception {
    LoadGenerator load = new LoadGenerator(vertx, connections);
    List<String> rows = new ArrayList<>();
    for (String[] target : List.of(new String[]{"1 KiB", SMALL, ""}, new String[]{"1 KiB", SMALL, "/data"},
        new String[]{"1 MiB", LARGE, ""}, new String[]{"1 MiB", LARGE, "/data"})) {
      String path = "/assets/" + target[1] + target[2];
      String what = "GET " + target[0] + (target[2].isEmpty() ? " asset (XML)" : " data");
      LoadGenerator.Result ours = await(load.run(what + ", ours", server + path, null, null, 5, seconds));
      LoadGenerator.Result floor = await(load.run(what + ", bare", bare + path, null, null, 5, seconds));
      rows.add(ours.row());
      rows.add(floor.row());
      rows.add(String.format("%-36s %10.2f", what + ": ours / bare", ours.perSecond() / floor.perSecond()));
    }
    rows.forEach(System.out::println);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }
}
