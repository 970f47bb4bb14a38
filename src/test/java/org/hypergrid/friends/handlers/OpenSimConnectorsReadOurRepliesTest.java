package org.hypergrid.friends.handlers;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.support.GridVector;
import org.hypergrid.support.RobustReplyReader;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our replies where no recording shows the case (three online users, three regions, three grid
 * users, names needing escapes), read as OpenSim's connectors read them: every entry there, with
 * the values a simulator would use.
 */
class OpenSimConnectorsReadOurRepliesTest {

  static final String[] USERS = {"46000000-0000-0000-0000-000000000001", "46000000-0000-0000-0000-000000000002",
    "46000000-0000-0000-0000-000000000003"};

  @Test
  void listsOfThreeAndEscapedNamesReadBackWhole() {
    JsonObject config = TestGrid.config("Readers", new JsonArray());
    config.getJsonObject("http").getJsonObject("private").getJsonArray("mounts").add("opensim");
    JsonObject local = new JsonObject().put("via", "local");
    config.put("services", new JsonObject().put("hgfriends", local).put("friends", local).put("presence", local)
      .put("grid", local).put("usermanagement", local).put("griduser", local));
    try (TestGrid grid = TestGrid.start(config)) {
      String register = GridVector.load("GR65-grid-register-new").requestBody();
      for (int r = 0; r < 3; r++) {
        String id = "31000000-0000-0000-0000-00000000000" + r;
        post(grid, "/grid", register.replace("30000000-0000-0000-0000-000000000002", id)
          .replace("locX=258816", "locX=" + (256 * (2000 + r))).replace("regionName=DriverRegion",
            "regionName=Caf%c3%a9+%26+%3cBar%3e+" + r));
      }
      Map<String, Object> regions = RobustReplyReader.read(post(grid, "/grid",
        "SCOPEID=00000000-0000-0000-0000-000000000000&NAME=Caf%c3%a9&MAX=10&METHOD=get_regions_by_name"));
      assertEquals(3, regions.size(), regions.toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> first = (Map<String, Object>) regions.get("region0");
      assertEquals("Café & <Bar> 0", first.get("regionName"), "the name a simulator shows");
      assertEquals(Integer.toString(256 * 2000), first.get("locX"));

      for (int i = 0; i < 3; i++) {
        String session = "56000000-0000-0000-0000-00000000000" + i;
        post(grid, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=login&UserID=" + USERS[i] + "&SessionID=" + session);
        post(grid, "/griduser", "VERSIONMIN=1&VERSIONMAX=1&METHOD=loggedin&UserID=" + USERS[i]);
      }
      Map<String, Object> online = RobustReplyReader.read(post(grid, "/presence", "VERSIONMIN=1&VERSIONMAX=1"
        + "&METHOD=getagents&uuids[]=" + USERS[0] + "&uuids[]=" + USERS[1] + "&uuids[]=" + USERS[2]));
      assertEquals(3, online.size(), online.toString());
      assertTrue(online.values().stream().allMatch(entry -> entry instanceof Map<?, ?> fields
        && "00000000-0000-0000-0000-000000000000".equals(fields.get("RegionID"))), "logged in, in no region yet");

      Map<String, Object> users = RobustReplyReader.read(post(grid, "/griduser", "VERSIONMIN=1&VERSIONMAX=1"
        + "&METHOD=getgriduserinfos&AgentIDs[]=" + USERS[0] + "&AgentIDs[]=" + USERS[1] + "&AgentIDs[]=" + USERS[2]));
      assertEquals(3, users.size(), users.toString());
      for (int i = 0; i < 3; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) users.get("griduser" + i);
        assertEquals(USERS[i], user.get("UserID"));
        assertEquals("True", user.get("Online"));
        assertEquals("<0, 0, 0>", user.get("LastPosition"), "Vector3.Parse reads it");
      }
      // The presence connector's test for login, logout and logoutregion: "success" after the start.
      String logout = post(grid, "/presence", "VERSIONMIN=1&VERSIONMAX=1&METHOD=logout&SessionID="
        + "56000000-0000-0000-0000-000000000000");
      assertTrue(logout.toLowerCase().indexOf("success") > 0, logout);
    }
  }

  private static String post(TestGrid grid, String path, String body) {
    return await(grid.http.postAbs(grid.privateUrl(path)).putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer(body))).bodyAsString();
  }
}
