package org.hypergrid.security;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.hypergrid.wire.XmlReplies;
import org.hypergrid.wire.XmlRpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.fredUui;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Friendship offers from strangers, at flood scale: 5,000 grids (each a loopback address of its
 * own, 127.0.x.y, all answered by one real home-grid server that confirms every offer) offer
 * friendship to Alice. What they can make us store, call and keep open is bounded; Alice's
 * friends and Bob's data are untouched; unanswered offers go when their days have passed.
 */
class OfferFloodTest {

  static final int GRIDS = 5_000;
  static final int MAX_PENDING = 50;
  static final int CONCURRENCY = 8;
  static final int PER_GRID = 20;
  static final int MAX_CACHED_USERS = 3;

  static TestGrid grid;
  static HttpServer homes;
  static final AtomicInteger open = new AtomicInteger();
  static final AtomicInteger mostOpen = new AtomicInteger();
  static final AtomicInteger inFlight = new AtomicInteger();
  static final AtomicInteger mostInFlight = new AtomicInteger();
  static final AtomicInteger serverUrlCalls = new AtomicInteger();
  static final AtomicInteger validations = new AtomicInteger();

  @BeforeAll
  static void start() {
    JsonObject config = TestGrid.config("Alice's grid", new JsonArray());
    config.put("offers", new JsonObject().put("maxPendingPerUser", MAX_PENDING).put("validationConcurrency", CONCURRENCY)
      .put("perGridPerMinute", PER_GRID));
    config.put("housekeeping", new JsonObject().put("intervalMs", 200));
    config.put("userManagement", new JsonObject().put("maxCachedUsers", MAX_CACHED_USERS));
    grid = TestGrid.start(config);
    Hypergrid.account(grid, ALICE, "Alice", "Smith");
    Hypergrid.account(grid, BOB, "Bob", "Jones");
    await(grid.friends().storeFriendship(ALICE, BOB, 1));
    Hypergrid.foreignFriend(grid, ALICE, fredUui("1a2b3c4d"));
    homes = await(grid.vertx.createHttpServer()
      .connectionHandler(connection -> {
        // Only the offering grids' addresses (127.0.1-29.*): the service-URL test's homes are others.
        if (Integer.parseInt(connection.localAddress().hostAddress().split("\\.")[2]) < 30) {
          mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
          connection.closeHandler(v -> open.decrementAndGet());
        }
      })
      .requestHandler(request -> request.body().onSuccess(body -> {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        String answer;
        if (request.path().equals("/hgfriends")) {
          validations.incrementAndGet();
          answer = XmlReplies.bool(true);
        } else {
          serverUrlCalls.incrementAndGet();
          answer = XmlRpc.response(Map.of("SRV_FriendsServerURI", "http://" + request.authority() + "/"));
        }
        // Answered a little later, as a real grid would, so concurrent checks overlap.
        grid.vertx.setTimer(5, t -> {
          inFlight.decrementAndGet();
          request.response().putHeader("Content-Type", "text/xml").end(answer);
        });
      }))
      .listen(0, "0.0.0.0"));
  }

  @AfterAll
  static void stop() {
    await(homes.close());
    grid.close();
  }

  static String offer(int grid, String to, String from) {
    String host = "127.0." + (1 + grid / 250) + "." + (1 + grid % 250) + ":" + homes.actualPort();
    return "METHOD=friendship_offered&FromID=" + from + "&ToID=" + to + "&Message=hello&FromName=Stranger.N" + grid
      + "%40" + host;
  }

  static String stranger(int n) {
    return String.format("5a000000-0000-0000-0000-%012d", n);
  }

  @Test
  void fiveThousandOffersFromFiveThousandGridsAreBoundedAndExpire() {
    String bobBefore = rows(BOB);
    List<String> aliceBefore = friendsOf(ALICE);
    long urlsBefore = count("SELECT count(*) FROM user_service_urls");
    double dealtBefore = grid.metric("hg_friendship_offers_total");
    int askedBefore = serverUrlCalls.get();
    double recordedBefore = outcome("recorded");
    double droppedBefore = outcome("full") + outcome("busy");
    List<Future<?>> wave = new ArrayList<>();
    for (int i = 0; i < GRIDS; i++) {
      wave.add(grid.postFormLater(offer(i, ALICE, stranger(i))));
      if (wave.size() == 64 || i == GRIDS - 1) {
        await(Future.all(wave));
        wave.clear();
      }
    }
    await(TestGrid.until(grid.vertx, Duration.ofSeconds(60), () -> grid.metricLater("hg_friendship_offers_total")
      .map(counted -> counted - dealtBefore >= GRIDS), "every offer has been dealt with"));

    assertEquals(MAX_PENDING, pending(ALICE), "Alice holds the cap of pending offers and no more");
    assertEquals(MAX_PENDING, outcome("recorded") - recordedBefore);
    assertEquals(GRIDS - MAX_PENDING, outcome("full") + outcome("busy") - droppedBefore,
      "the rest dropped as full or busy, counted");
    assertEquals(urlsBefore, count("SELECT count(*) FROM user_service_urls"), "no stranger's service URLs stored");
    int asked = serverUrlCalls.get() - askedBefore;
    assertTrue(asked <= MAX_PENDING + CONCURRENCY, "home grids asked only while the list had room: " + asked);
    assertTrue(mostInFlight.get() <= CONCURRENCY, "checks with home grids at once: " + mostInFlight.get());
    assertTrue(mostOpen.get() <= 2 * CONCURRENCY, "connections to home grids at once: " + mostOpen.get());
    await(TestGrid.until(grid.vertx, Duration.ofSeconds(10), () -> Future.succeededFuture(open.get() == 0),
      "no connection to a stranger's grid is kept open"));
    assertTrue(friendsOf(ALICE).containsAll(aliceBefore), "Alice's friends are all still there");
    assertEquals(bobBefore, rows(BOB), "Bob's rows are untouched");

    double expiredBefore = outcome("expired");
    await(grid.sql().preparedQuery("UPDATE friends SET offered_at = offered_at - interval '31 days'"
      + " WHERE principal_id = $1 AND offered_at IS NOT NULL").execute(Tuple.of(ALICE)));
    await(TestGrid.until(grid.vertx, Duration.ofSeconds(10), () -> grid.metricLater("hg_friendship_offers_total",
      "outcome=\"expired\"").map(expired -> expired - expiredBefore == MAX_PENDING),
      "the housekeeping deletes the expired offers"));
    assertEquals(0, pending(ALICE), "no offer is left for Alice");
    assertEquals(aliceBefore, friendsOf(ALICE), "Alice's friends remain, and only they");
    assertEquals(bobBefore, rows(BOB), "and Bob's");
  }

  @Test
  void oneGridGetsItsShareOfOffersAMinuteAndNoMore() {
    String carol = "cccccccc-0000-0000-0000-00000000000c";
    Hypergrid.account(grid, carol, "Carol", "White");
    double rateBefore = outcome("rate");
    int refused = 0;
    for (int i = 0; i < PER_GRID + 10; i++) {
      String reply = grid.postForm(offer(GRIDS + 1, carol, stranger(GRIDS + i))).bodyAsString();
      refused += reply.contains("<RESULT>False</RESULT>") ? 1 : 0;
    }
    assertEquals(10, refused, "past its share the grid hears False");
    assertEquals(10, outcome("rate") - rateBefore);
    await(TestGrid.until(grid.vertx, Duration.ofSeconds(20), () -> grid.friends().pendingOffers(carol)
      .map(pending -> pending == PER_GRID), "the offers within the share are stored"));
  }

  @Test
  void foreignUsersServiceUrlsAreCappedInNumberAndGoWhenStale() {
    double uncachedBefore = grid.metric("hg_serviceurls_uncached_total");
    for (int i = 0; i < MAX_CACHED_USERS + 2; i++) {
      String home = "http://127.0.30." + (1 + i) + ":" + homes.actualPort() + "/";
      JsonObject urls = await(grid.users().getServerUrls(stranger(9_000 + i), home));
      assertEquals("http://127.0.30." + (1 + i) + ":" + homes.actualPort() + "/", urls.getString("FriendsServerURI"),
        "every caller gets its answer, stored or not");
    }
    assertEquals(MAX_CACHED_USERS, count("SELECT count(DISTINCT user_id) FROM user_service_urls"), "at most the cap stored");
    assertEquals(2, grid.metric("hg_serviceurls_uncached_total") - uncachedBefore, "the others counted, not stored");

    await(grid.sql().query("UPDATE user_service_urls SET fetched_at = fetched_at - interval '2 hours'").execute());
    await(TestGrid.until(grid.vertx, Duration.ofSeconds(10), () -> grid.metricLater("hg_serviceurls_users")
      .map(users -> users == 0), "stale URLs are deleted and the count follows"));
    assertEquals(0, count("SELECT count(*) FROM user_service_urls"));
  }

  /** Alice's list as she sees it: each friend with both sides' rights. */
  private static List<String> friendsOf(String user) {
    return await(grid.friends().getFriends(user)).stream()
      .map(row -> row.getFriend() + " " + row.getMyFlags() + "/" + row.getTheirFlags()).sorted().toList();
  }

  private static double outcome(String outcome) {
    return grid.metric("hg_friendship_offers_total", "outcome=\"" + outcome + "\"");
  }

  private static int pending(String user) {
    return await(grid.friends().pendingOffers(user));
  }

  private static long count(String query) {
    Row row = await(grid.sql().query(query).execute()).iterator().next();
    return row.getLong(0);
  }

  private static String rows(String user) {
    return await(grid.sql().preparedQuery("SELECT coalesce(string_agg(principal_id || '|' || friend || '|' || flags,"
      + " ',' ORDER BY principal_id, friend), '') FROM friends WHERE principal_id = $1 OR friend LIKE $1 || '%'")
      .execute(Tuple.of(user))).iterator().next().getString(0);
  }
}
