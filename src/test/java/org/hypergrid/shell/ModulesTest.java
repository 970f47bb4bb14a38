package org.hypergrid.shell;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.hypergrid.runtime.ServiceProxies;
import org.hypergrid.support.TestGrid;
import org.hypergrid.testmodule.GuestBookService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service family the shell has never heard of (the guest book, a module in the test sources)
 * runs by config alone: its table is created, its interface is bound on the bus and reachable
 * over the private HTTP protocol from another node, its mount serves; and configs that cannot
 * work (a service missing, services in a cycle) are refused before anything starts.
 */
@ExtendWith(VertxExtension.class)
class ModulesTest {

  @Test
  void aNewServiceNeedsNoShellEdit(Vertx vertx, VertxTestContext ctx) {
    Checkpoint signed = ctx.checkpoint();
    Checkpoint readHere = ctx.checkpoint();
    Checkpoint readThroughAnotherNode = ctx.checkpoint();
    JsonObject bookServer = guestBookNode("Guest books", new JsonObject().put("via", "local"));
    TestGrid.startLater(vertx, bookServer).compose(books -> {
      GuestBookService overTheBus = ServiceProxies.create(vertx, GuestBookService.ADDRESS, GuestBookService.class,
        ServiceProxies.DEFAULT_TIMEOUT_MS);
      return overTheBus.sign("Welcome", "Alice").compose(n -> overTheBus.sign("Welcome", "Bob"))
        .compose(count -> {
          ctx.verify(() -> assertEquals(2, count));
          signed.flag();
          return books.http.getAbs(books.privateUrl("/guestbook/Welcome")).send();
        })
        .compose(here -> {
          ctx.verify(() -> assertEquals(new JsonArray().add("Alice").add("Bob"), here.bodyAsJsonArray()));
          readHere.flag();
          // Another node, in another Vert.x, reaching the book over HTTP (the private protocol).
          JsonObject front = guestBookNode("Front", new JsonObject().put("via", "http").put("url", books.privateUrl("")));
          front.remove("storage");
          return TestGrid.startLater(Vertx.vertx(), front);
        })
        .compose(front -> front.http.getAbs(front.privateUrl("/guestbook/Welcome")).send().map(remote -> {
          ctx.verify(() -> assertEquals(new JsonArray().add("Alice").add("Bob"), remote.bodyAsJsonArray()));
          readThroughAnotherNode.flag();
          front.vertx.close();
          return null;
        }));
    }).onFailure(ctx::failNow);
  }

  private static JsonObject guestBookNode(String name, JsonObject reach) {
    JsonObject config = TestGrid.assetServer(name);
    config.put("services", new JsonObject().put("guestbook", reach));
    config.getJsonObject("http").getJsonObject("private").put("mounts", new JsonArray().add("guestbook")
      .add("services").add("health"));
    return config;
  }

  @Test
  void servicesThatCannotWorkAreRefused() {
    JsonObject missing = new JsonObject().put("services", new JsonObject()
      .put("hgfriends", new JsonObject().put("via", "local")).put("friends", new JsonObject().put("via", "local")))
      .put("http", new JsonObject());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.resolve(missing, Map.of()));
    assertTrue(e.getMessage().contains("service 'hgfriends' uses 'presence', which is not configured"), e.getMessage());
    assertTrue(e.getMessage().contains("service 'hgfriends' uses 'grid', which is not configured"), e.getMessage());

    JsonObject cycle = new JsonObject().put("services", new JsonObject()
      .put("ping", new JsonObject().put("via", "local")).put("pong", new JsonObject().put("via", "local")))
      .put("http", new JsonObject());
    e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.resolve(cycle, Map.of()));
    assertTrue(e.getMessage().contains("services use each other in a cycle: ping → pong → ping"), e.getMessage());

    JsonObject orphanMount = new JsonObject().put("services", new JsonObject().put("assets", new JsonObject()
      .put("via", "local"))).put("http", new JsonObject().put("private", new JsonObject().put("port", 8003)
      .put("mounts", new JsonArray().add("assets").add("monitor"))));
    e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.resolve(orphanMount, Map.of()));
    assertTrue(e.getMessage().contains("mounts 'monitor' of service 'hgfriends', which this node does not configure"),
      e.getMessage());
  }

  /** The shell refuses such a config at start, saying why. */
  @Test
  void aRefusedConfigStartsNothing(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = guestBookNode("Refused", new JsonObject().put("via", "local"));
    config.getJsonObject("services").put("ping", new JsonObject().put("via", "local"))
      .put("pong", new JsonObject().put("via", "local"));
    TestGrid.startLater(vertx, config).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertTrue(e.getMessage().contains("cycle"), e.getMessage());
      ctx.completeNow();
    })));
  }
}
