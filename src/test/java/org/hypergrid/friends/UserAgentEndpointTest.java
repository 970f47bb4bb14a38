package org.hypergrid.friends;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.hypergrid.wire.XmlRpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user-agent XML-RPC methods foreign grids call at our home URI. */
class UserAgentEndpointTest {

  static final String REGION = "70000000-0000-0000-0000-000000000001";
  static TestGrid grid;

  @BeforeAll
  static void start() {
    grid = TestGrid.start(TestGrid.config("Grid B", new JsonArray().add(TestGrid.region(REGION, "Only"))));
    Hypergrid.account(grid, ALICE, "Alice", "Smith");
    Hypergrid.foreignFriend(grid, ALICE, fredUui("1a2b3c4d"));
    grid.login(REGION, ALICE);
  }

  @AfterAll
  static void stop() {
    grid.close();
  }

  static Map<String, String> call(String xml) {
    String reply = await(grid.http.postAbs(grid.publicUrl("/")).putHeader("Content-Type", "text/xml")
      .sendBuffer(Buffer.buffer(xml))).bodyAsString();
    return XmlRpc.parseResponse(reply);
  }

  @Test
  void getServerUrlsTellsWhereOurUsersServicesAre() {
    Map<String, String> urls = call(text("GV8-get_server_urls-request.xml").replace(FRED, ALICE));
    assertEquals(grid.publicUrl("/"), urls.get("SRV_FriendsServerURI"));
    assertEquals(grid.publicUrl("/"), urls.get("SRV_HomeURI"));
    assertEquals(Map.of("result", "No Service URLs"), call(text("GV8-get_server_urls-request.xml")),
      "Fred is not our user");
  }

  @Test
  void theObsoleteStatusNotificationRunsTheSameServiceCode() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("userID", FRED);
    params.put("online", "True");
    params.put("friend_0", ALICE + ";http://gridb.example.org:8002/;Alice Smith;1a2b3c4d");
    Map<String, String> reply = call(XmlRpc.call("status_notification", params));
    assertEquals(Map.of("result", "false", "friend_0", ALICE), reply, "OpenSim leaves result false even then");

    params.put("friend_0", ALICE + ";http://gridb.example.org:8002/;Alice Smith;badbadba");
    assertEquals(Map.of("result", "No Friends Online"), call(XmlRpc.call("status_notification", params)));
    assertEquals(Map.of("result", "false"), call(XmlRpc.call("status_notification", Map.of("userID", FRED))));
  }

  @Test
  void junkAndUnknownMethodsGetAFault() {
    assertTrue(call("<methodCall><methodName>nope</methodName><params/></methodCall>").containsKey("faultCode"));
    assertTrue(call("this is not xml").containsKey("faultCode"));
  }
}
