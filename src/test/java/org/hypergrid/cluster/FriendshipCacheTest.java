package org.hypergrid.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.support.ClusterConfig;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.ALICE_SECRET;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Friendship verification is remembered on every node, and a change made through any node is
 * seen by every node as soon as it is acknowledged. Node A hosts the store and the services; node
 * B answers statusnotification and reaches the friends service over the bus.
 */
class FriendshipCacheTest {

  static final String WELCOME = "10000000-0000-0000-0000-000000000001";
  static final String ALICE_ONLINE = "<?xml version=\"1.0\"?><ServerResponse><friend_0>" + ALICE
    + "</friend_0></ServerResponse>";

  @Test
  void aChangeThroughAnyNodeIsSeenByEveryNodeOnceAcknowledged() {
    String cluster = "hg-cache-" + UUID.randomUUID();
    Vertx vertxA = ClusterConfig.node(cluster, null);
    Vertx vertxB = ClusterConfig.node(cluster, null);
    JsonObject configB = TestGrid.config("Node B", new JsonArray());
    JsonObject bus = new JsonObject().put("via", "bus");
    configB.put("services", new JsonObject().put("hgfriends", new JsonObject().put("via", "local"))
      .put("friends", bus).put("presence", bus).put("grid", bus).put("usermanagement", bus));
    try (TestGrid nodeA = TestGrid.start(vertxA, TestGrid.config("Node A", new JsonArray()
           .add(TestGrid.region(WELCOME, "Welcome"))));
         TestGrid nodeB = TestGrid.start(vertxB, configB)) {
      Hypergrid.foreignFriend(nodeA, ALICE, fredUui(ALICE_SECRET));
      nodeA.login(WELCOME, ALICE);
      String fredsNotification = text("GV1-statusnotification-request.form");
      assertEquals(ALICE_ONLINE, nodeB.postForm(fredsNotification).bodyAsString());
      assertEquals(ALICE_ONLINE, nodeB.postForm(fredsNotification).bodyAsString(), "now from B's memory");

      // Deleted through node A's private port: once acknowledged, B no longer verifies it.
      assertEquals(200, await(nodeA.http.postAbs(nodeA.privateUrl("/services/friends/deleteFriendship"))
        .sendJsonObject(new JsonObject().put("principalId", ALICE).put("friend", fredUui(ALICE_SECRET))))
        .statusCode());
      assertEquals(text("GV3-statusnotification-reply-null.xml"), nodeB.postForm(fredsNotification).bodyAsString(),
        "a deleted friendship stops verifying on B at once");

      // Made again through node B (its proxy to A's service): B verifies it at once.
      FriendsService throughB = FriendsService.createProxy(vertxB, FriendsService.ADDRESS);
      await(throughB.storeFriendship(ALICE, fredUui(ALICE_SECRET), 1));
      assertEquals(ALICE_ONLINE, nodeB.postForm(fredsNotification).bodyAsString(), "and starts again at once");

      // Alice stops letting Fred see her: B stops listing her at once.
      await(throughB.storeFriend(ALICE, fredUui(ALICE_SECRET), 0));
      assertEquals(text("GV3-statusnotification-reply-null.xml"), nodeB.postForm(fredsNotification).bodyAsString());
    }
  }
}
