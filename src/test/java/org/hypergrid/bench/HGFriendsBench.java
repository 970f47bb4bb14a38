package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads {@code POST /hgfriends statusnotification} on a running node with 1, 10 and 100 friends
 * per request (all verified, all online, spread over two regions), then a bare Vert.x endpoint,
 * and prints requests/s and p50/p99 for each.
 *
 * <p>Arguments: publicUrl privateUrl bareUrl seconds connections
 */
public final class HGFriendsBench {

  static final String FOREIGN = "99999999-0000-0000-0000-00000000beef";
  static final String[] REGIONS = {"10000000-0000-0000-0000-000000000001", "10000000-0000-0000-0000-000000000002"};

  public static void main(String[] args) throws Exception {
    String publicUrl = args[0];
    String privateUrl = args[1];
    String bareUrl = args[2];
    int seconds = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    Vertx vertx = Vertx.vertx();
    try {
      List<String> friends = await(seed(vertx, privateUrl, 100));
      LoadGenerator load = new LoadGenerator(vertx, connections);
      // Let the JIT settle on every code path before anything is measured.
      for (int size : new int[] {1, 10, 100}) {
        await(load.run("warm-up", publicUrl + "/hgfriends", Buffer.buffer(notification(friends.subList(0, size))),
          "<?xml", 5, 0));
      }
      await(load.run("warm-up", bareUrl + "/hgfriends", Buffer.buffer(notification(friends.subList(0, 1))), "<?xml", 5, 0));
      List<LoadGenerator.Result> results = new ArrayList<>();
      for (int size : new int[] {1, 10, 100}) {
        Buffer body = Buffer.buffer(notification(friends.subList(0, size)));
        results.add(await(load.run("statusnotification, " + size + " friend(s)", publicUrl + "/hgfriends", body,
          "<?xml version=\"1.0\"?><ServerResponse><friend_0>", 3, seconds)));
      }
      results.add(await(load.run("bare Vert.x endpoint, fixed reply", bareUrl + "/hgfriends",
        Buffer.buffer(notification(friends.subList(0, 1))), "<?xml", 3, seconds)));
      System.out.println();
      System.out.println("connections: " + connections + ", measured seconds per row: " + seconds);
      results.forEach(r -> System.out.println(r.row()));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** 100 local users, each a confirmed friend of FOREIGN with its own secret, all logged in. */
  static Future<List<String>> seed(Vertx vertx, String privateUrl, int count) {
    WebClient web = WebClient.create(vertx);
    List<String> friends = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      String id = String.format("b0000000-0000-0000-0000-%012d", i);
      String secret = String.format("%08x", 0xbe000000 + i);
      String foreignUui = FOREIGN + ";http://bench-grid.invalid:8002/;Bench User;" + secret;
      friends.add(id + "%3bhttp%3a%2f%2fbench.invalid%2f%3bFriend+" + i + "%3b" + secret);
      String region = REGIONS[i % 2];
      chain = chain
        .compose(v -> call(web, privateUrl + "/services/friends/storeFriend",
          new JsonObject().put("principalId", id).put("friend", foreignUui).put("flags", 1)))
        .compose(v -> call(web, privateUrl + "/services/friends/storeFriend",
          new JsonObject().put("principalId", foreignUui).put("friend", id).put("flags", 1)))
        .compose(v -> call(web, privateUrl + "/regions/" + region + "/agents", new JsonObject().put("agentId", id)));
    }
    return chain.map(v -> friends);
  }

  private static Future<Void> call(WebClient web, String url, JsonObject body) {
    return web.postAbs(url).sendJsonObject(body).compose(response -> response.statusCode() == 200
      ? Future.succeededFuture() : Future.failedFuture(url + " answered " + response.statusCode() + " " + response.bodyAsString()));
  }

  static String notification(List<String> friends) {
    StringBuilder body = new StringBuilder("METHOD=statusnotification&userID=" + FOREIGN + "&online=True");
    for (int i = 0; i < friends.size(); i++) {
      body.append("&friend_").append(i).append('=').append(friends.get(i));
    }
    return body.toString();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
