package org.hypergrid.friends.engine;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node stopped while it tells a dead node's agents' foreign friends they left finishes that
 * telling first and forgets the journal entries it told; otherwise the next start would take them
 * again and tell the friends twice. The foreign grid here is slow: it never answers, so the call
 * ends at the grid's foreign timeout, well after the stop began.
 */
class DeparturesAtStopTest {

  /** Fred's grid's answer to get_server_urls, as OpenSim's user agents service gives it. */
  private static final String SERVER_URLS = "<methodResponse><params><param><value><struct>"
    + "<member><name>SRV_HomeURI</name><value><string>%s</string></value></member>"
    + "<member><name>SRV_FriendsServerURI</name><value><string>%s</string></value></member>"
    + "</struct></value></param></params></methodResponse>";

  @Test
  void aStopWaitsForTheDepartureBeingToldAndLeavesNothingToTellAgain() {
    Vertx foreign = Vertx.vertx();
    List<String> heard = new CopyOnWriteArrayList<>();
    Promise<Void> firstHeard = Promise.promise();
    int port = TestGrid.freePort();
    String slowHome = "http://127.0.0.1:" + port + "/";
    await(foreign.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (body.toString().contains("<methodName>get_server_urls</methodName>")) {
        request.response().end(SERVER_URLS.formatted(slowHome, slowHome));
      } else if (body.toString().contains("METHOD=statusnotification")) {
        heard.add(body.toString()); // and never answered
        firstHeard.tryComplete();
      } else {
        request.response().setStatusCode(404).end();
      }
    })).listen(port, "127.0.0.1"));
    JsonObject config = TestGrid.config("Stopping grid", new JsonArray());
    try {
      try (TestGrid seeding = TestGrid.start(config)) {
        Hypergrid.account(seeding, ALICE, "Alice", "Smith");
        Hypergrid.foreignFriend(seeding, ALICE, Uui.format(FRED, slowHome, "Fred Foo", "57073ec2"));
        // Alice's session, held by a node that died unseen: the next start tells Fred she left.
        await(seeding.sql().preparedQuery("INSERT INTO session_journal (agent_id, session_id, node_id)"
          + " VALUES ($1, $2, 'a-node-killed-with-minus-9')").execute(Tuple.of(UUID.fromString(ALICE),
          UUID.randomUUID())));
      }
      try (TestGrid restarted = TestGrid.start(config)) {
        await(firstHeard.future());
        restarted.stop(); // while the statusnotification is still waiting for Fred's grid
        assertEquals(0L, journalled(restarted), "the stop forgot what it told: nothing is left for the next start");
      }
      try (TestGrid third = TestGrid.start(config)) {
        assertEquals(0L, journalled(third));
      }
      assertEquals(1, heard.size(), "Fred's grid heard Alice leave once: " + heard);
      assertTrue(heard.get(0).contains("online=False"), heard.get(0));
    } finally {
      await(foreign.close());
    }
  }

  private static long journalled(TestGrid grid) {
    return await(grid.sql().query("SELECT count(*) FROM session_journal").execute()).iterator().next().getLong(0);
  }
}
