package org.hypergrid.friends.handlers;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.hypergrid.support.GridVector;
import org.hypergrid.support.TestGrid;
import org.hypergrid.wire.RobustXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ROBUST's grid-side protocols on our private port ({@code opensim} mount), replayed from the
 * recordings of real OpenSim 0.9.2.2 in {@code vectors/grid/}: each request sent as OpenSim sent
 * it, after the state it needs was set up through the same protocol; each answer equal to
 * ROBUST's in status, content type and bytes.
 */
class OpenSimGridVectorsTest {

  static final String BOT0 = "40000000-0000-0000-0000-000000000000";
  static final String BOT1 = "40000000-0000-0000-0000-000000000001";
  static final String BOT2 = "40000000-0000-0000-0000-000000000002";
  static final String PEER_SIM = "30000000-0000-0000-0000-000000000001";
  static final String DRIVER_REGION = "30000000-0000-0000-0000-000000000002";
  /** The session GR14 logs out. */
  static final String BOT0_SESSION = "f5c875c3-f543-48bc-a918-d689b5319d4c";
  static final String BOT2_SESSION = "b2000000-0000-0000-0000-000000000002";
  static final String FRED_UUI = "11111111-2222-3333-4444-555555555555;http://127.0.0.1:8012/;Fred Foo;9f8e7d6c";

  static TestGrid grid;
  static String base;

  @BeforeAll
  static void start() {
    JsonObject config = TestGrid.config("OpenSim grid", new JsonArray());
    config.getJsonObject("http").getJsonObject("private").getJsonArray("mounts").add("opensim");
    // The recording's ROBUST: its Region_PeerSim setting and its grid's features.
    config.getJsonObject("grid").put("regionFlags", new JsonObject().put("PeerSim", "DefaultRegion, FallbackRegion"))
      .put("extraFeatures", new JsonObject().put("map-server-url", "http://127.0.0.1:18022/")
        .put("GridURL", "http://127.0.0.1:18022").put("GridName", "peer sim grid").put("GridNick", "peersim")
        .put("ExportSupported", "true"));
    config.put("services", new JsonObject().put("hgfriends", local()).put("friends", local()).put("presence", local())
      .put("grid", local()).put("usermanagement", local()).put("griduser", local()));
    grid = TestGrid.start(config);
    base = grid.privateUrl("");
  }

  private static JsonObject local() {
    return new JsonObject().put("via", "local");
  }

  @AfterAll
  static void stop() {
    grid.close();
  }

  @Test
  void friendsAnswerAsRobust() {
    form("/friends", "PrincipalID=" + BOT1 + "&Friend=" + encoded(FRED_UUI) + "&MyFlags=1&METHOD=storefriend");
    form("/friends", "PrincipalID=" + BOT1 + "&Friend=" + BOT0 + "&MyFlags=1&METHOD=storefriend");
    form("/friends", "PrincipalID=" + BOT0 + "&Friend=" + BOT1 + "&MyFlags=1&METHOD=storefriend");
    replay("GR08-friends-getfriends");
    replay("GR27-friends-getfriends-login");
    replay("GR48-friends-getfriends-none");
    replay("GR49-friends-getfriends_string");

    replay("GR50-friends-storefriend");
    assertTrue(form("/friends", "PRINCIPALID=" + BOT2 + "&METHOD=getfriends").contains(
      "<Friend>99999999-9999-9999-9999-999999999999</Friend><MyFlags>1</MyFlags><TheirFlags>-1</TheirFlags>"),
      "the row is stored, and read back through the same protocol");
    assertEquals(1, await(grid.friends().getFriends(BOT2)).size(), "and through the services the Hypergrid face uses");
    replay("GR51-friends-deletefriend");
    assertEquals(0, await(grid.friends().getFriends(BOT2)).size(), "deleted");
    replay("GR52-friends-deletefriend_string");

    String before = grid.snapshot();
    replay("GR53-friends-getfriends-malformed");
    replay("GR54-friends-unknown-method");
    assertFailure("/friends", "PrincipalID=" + BOT2 + "&Friend=" + BOT0 + "&METHOD=storefriend", "missing MyFlags");
    assertFailure("/friends", "PrincipalID=" + BOT2 + "&Friend=" + BOT0 + "&MyFlags=x&METHOD=storefriend",
      "MyFlags is not a whole number");
    assertFailure("/friends", "PrincipalID=nobody&Friend=" + BOT0 + "&MyFlags=1&METHOD=storefriend",
      "a UUID or a universal user identifier");
    assertFailure("/friends", "PRINCIPALID=nobody&FRIEND=" + BOT0 + "&METHOD=deletefriend", "not a UUID");
    assertEquals(before, grid.snapshot(), "bad input stored nothing");
  }

  @Test
  void gridUserAnswersAsRobust() {
    replay("GR22-griduser-getgriduserinfo-failure");
    replay("GR39-griduser-getgriduserinfo-unknown");
    replay("GR41-griduser-getgriduserinfos-unknown");
    // As in a real login, presence has the session before the grid user is marked online.
    form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + BOT1 + "&SessionID=" + SESSIONS[1]);
    replay("GR26-griduser-loggedin");
    replay("GR10-griduser-setposition");
    replay("GR38-griduser-getgriduserinfo-online");

    // Bot0 logs in and is placed where the recording had it, through the same protocol.
    form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + BOT0 + "&SessionID=" + SESSIONS[0]);
    form("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedin&UserID=" + BOT0);
    form("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=setposition&UserID=" + BOT0 + "&RegionID=" + PEER_SIM
      + "&Position=%3c128%2c+128%2c+23.1%3e&LookAt=%3c0%2c+0%2c+0%3e");
    replay("GR40-griduser-getgriduserinfos");
    replay("GR13-griduser-loggedout");
    replay("GR28-griduser-getgriduserinfo-found");

    replay("GR42-griduser-sethome");
    form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + BOT2 + "&SessionID=" + SESSIONS[2]);
    replay("GR43-griduser-loggedin-withhome");
    form("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedout&UserID=" + BOT2 + "&RegionID=" + PEER_SIM
      + "&Position=%3c101%2c+121%2c+23%3e&LookAt=%3c0%2c+1%2c+0%3e");
    String before = grid.snapshotOf("griduser");
    replay("GR45-griduser-getgriduserinfo-malformed");
    replay("GR46-griduser-setposition-malformed-region");
    replay("GR47-griduser-unknown-method");
    assertFailure("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getgriduserinfos", "AgentIDs[] missing");
    assertFailure("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=setposition&UserID=" + BOT2 + "&RegionID=" + PEER_SIM
      + "&Position=north", "vectors");
    assertFailure("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedin", "missing UserID");
    assertEquals(before, grid.snapshotOf("griduser"), "bad input changed no grid user");
    replay("GR44-griduser-getgriduserinfo-offline");

    // A user marked online whose session is gone (a dead simulator, a restart) reads offline.
    form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logout&SessionID=" + SESSIONS[1]);
    assertTrue(form("/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getgriduserinfo&UserID=" + BOT1)
      .contains("<Online>False</Online>"), "no ghost: the login service will not refuse Bot1");
    for (String session : SESSIONS) {
      post("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logout&SessionID=" + session);
    }
  }

  static final String[] SESSIONS = {"50000000-0000-0000-0000-000000000000", "50000000-0000-0000-0000-000000000001",
    "50000000-0000-0000-0000-000000000002"};

  @Test
  void gridAnswersAsRobustAndServesTheRegionsSimulatorsRegister() {
    replay("GR02-grid-get_grid_extra_features");
    replay("GR04-grid-register");
    await(TestGrid.until(grid.vertx, java.time.Duration.ofSeconds(10), () -> grid.http
        .getAbs(base + "/regions/" + PEER_SIM + "/agents").send().map(reply -> reply.statusCode() == 200),
      "the registered region is served by the cluster"));
    replay("GR05-grid-get_neighbours-null");
    replay("GR29-grid-get_region_by_uuid-login");
    replay("GR24-grid-get_default_regions");
    for (String vector : new String[] {"GR55-grid-get_region_by_uuid-unknown", "GR56-grid-get_region_by_name",
      "GR57-grid-get_region_by_name-unknown", "GR58-grid-get_region_by_position", "GR59-grid-get_region_by_position-empty",
      "GR60-grid-get_regions_by_name", "GR61-grid-get_fallback_regions", "GR62-grid-get_online_regions",
      "GR63-grid-get_region_flags", "GR64-grid-get_region_flags-unknown"}) {
      replay(vector);
    }
    replay("GR65-grid-register-new");
    replay("GR66-grid-get_neighbours-one");
    replay("GR16-grid-get_region_by_uuid");
    replay("GR17-grid-get_region_range-two");

    String before = grid.snapshotOf("regions");
    replay("GR67-grid-register-overlap");
    replay("GR68-grid-register-version");
    replay("GR69-grid-unknown-method");
    replay("GR70-grid-get_region_by_uuid-malformed");
    assertFailure("/grid", GridVector.load("GR04-grid-register").requestBody().replace("locX=258560", "locX=12"),
      "whole cells");
    assertFailure("/grid", GridVector.load("GR04-grid-register").requestBody().replace("sizeX=256", "sizeX=2147483392"),
      "whole cells");
    assertFailure("/grid", GridVector.load("GR04-grid-register").requestBody()
      .replace("serverURI=http%3a%2f%2f127.0.0.1%3a18200%2f", "serverURI=gopher%3a%2f%2fx"), "serverURI");
    assertEquals(before, grid.snapshotOf("regions"), "refused registers changed no region");

    replay("GR72-grid-deregister-new");
    replay("GR71-grid-deregister-unknown");
    replay("GR18-grid-deregister");
    await(TestGrid.until(grid.vertx, java.time.Duration.ofSeconds(10), () -> grid.http
        .getAbs(base + "/regions/" + PEER_SIM + "/agents").send().map(reply -> reply.statusCode() == 404),
      "a deregistered region is no longer served"));
  }

  @Test
  void presenceAnswersAsRobustFromTheSessionsRegionsOwn() {
    replay("GR01-presence-logoutregion"); // a simulator clearing its region before it registers
    form("/grid", GridVector.load("GR04-grid-register").requestBody());
    form("/grid", GridVector.load("GR65-grid-register-new").requestBody());
    for (String region : new String[] {PEER_SIM, DRIVER_REGION}) {
      await(TestGrid.until(grid.vertx, java.time.Duration.ofSeconds(10), () -> grid.http
        .getAbs(base + "/regions/" + region + "/agents").send().map(reply -> reply.statusCode() == 200),
        "the registered region is served"));
    }
    replay("GR11-presence-getagents-null");
    replay("GR23-presence-login");
    replay("GR06-presence-getagent");
    replay("GR09-presence-report");
    replay("GR12-presence-getagents-one");
    assertEquals("[\"" + BOT1 + "\"]", await(grid.http.getAbs(base + "/regions/" + PEER_SIM + "/agents").send())
      .bodyAsString(), "the region that was reported owns the session");

    session(BOT0, BOT0_SESSION, PEER_SIM);
    replay("GR31-presence-getagents-partial");
    replay("GR32-presence-getagents-none");
    session(BOT2, BOT2_SESSION, DRIVER_REGION);
    replay("GR15-presence-getagents-two");

    // A teleport: Bot2's one session moves to PeerSim, and DriverRegion lets it go.
    form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + BOT2_SESSION + "&RegionID=" + PEER_SIM);
    assertTrue(form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getagents&uuids[]=" + BOT2)
      .contains("<RegionID>" + PEER_SIM + "</RegionID>"));
    assertEquals("[]", await(grid.http.getAbs(base + "/regions/" + DRIVER_REGION + "/agents").send()).bodyAsString(),
      "the region the agent left holds no copy of the session");

    replay("GR14-presence-logout");
    replay("GR11-presence-getagents-null");
    replay("GR30-presence-getagent-unknown");
    replay("GR33-presence-report-unknown");
    replay("GR34-presence-logoutregion-empty");
    replay("GR35-presence-getagent-malformed");
    replay("GR36-presence-unknown-method");
    replay("GR37-presence-getagents-missing-uuids");
    assertFailure("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=nobody&SessionID=" + BOT0_SESSION,
      "UserID must be a user");
    assertFailure("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + BOT2_SESSION
      + "&RegionID=30000000-0000-0000-0000-000000000009", "not served");
    assertFailure("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logout&SessionID=" + BOT0_SESSION, "no session");

    replay("GR19-presence-logoutregion-shutdown");
    assertEquals(RobustXml.nullResult(), form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=getagents&uuids[]=" + BOT1
      + "&uuids[]=" + BOT2), "the region's end ended every session in it");
    form("/grid", GridVector.load("GR72-grid-deregister-new").requestBody());
    form("/grid", GridVector.load("GR18-grid-deregister").requestBody());
  }

  /** A login and the region's report, through the same protocol a login service and a simulator use. */
  private static void session(String user, String session, String region) {
    form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + user + "&SessionID=" + session
      + "&SecureSessionID=" + java.util.UUID.randomUUID());
    form("/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=report&SessionID=" + session + "&RegionID=" + region);
  }

  @Test
  void aBodyOverTheLimitIsTheServicesFailure() {
    HttpResponse<Buffer> big = await(grid.http.postAbs(base + "/griduser")
      .putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer("METHOD=loggedin&UserID=" + BOT1 + "&pad=" + "x".repeat(70_000))));
    assertEquals(200, big.statusCode());
    assertEquals(GridVector.load("GR47-griduser-unknown-method").replyBody(), big.bodyAsString());
    assertTrue(big.getHeader(HGFriendsInConnector.REASON_HEADER).contains("larger than"));
  }

  private static void replay(String vector) {
    GridVector.load(vector).replay(grid.http, base);
  }

  /** Sends a form as OpenSim's connectors do, expecting an answer that is not a Failure. */
  private static String form(String path, String body) {
    HttpResponse<Buffer> reply = post(path, body);
    assertEquals(200, reply.statusCode());
    assertTrue(!reply.bodyAsString().contains("Failure"), path + " " + body + ": " + reply.bodyAsString());
    return reply.bodyAsString();
  }

  private static void assertFailure(String path, String body, String reason) {
    HttpResponse<Buffer> reply = post(path, body);
    assertEquals(200, reply.statusCode());
    assertTrue(reply.bodyAsString().contains("Failure"), reply.bodyAsString());
    assertTrue(String.valueOf(reply.getHeader(HGFriendsInConnector.REASON_HEADER)).contains(reason),
      body + ": " + reply.getHeader(HGFriendsInConnector.REASON_HEADER));
  }

  private static HttpResponse<Buffer> post(String path, String body) {
    return await(grid.http.postAbs(base + path).putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer(body)));
  }

  private static String encoded(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
