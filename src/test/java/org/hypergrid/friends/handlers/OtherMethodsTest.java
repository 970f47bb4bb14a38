package org.hypergrid.friends.handlers;

import io.vertx.core.json.JsonArray;
import org.hypergrid.friends.api.FriendInfo;
import org.hypergrid.friends.api.TravelInfo;
import org.hypergrid.friends.api.UserAccount;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hypergrid.support.TestGrid.await;
import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.fredUui;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** getfriendperms, newfriendship, deletefriendship, friendship_offered, validate_friendship_offered. */
class OtherMethodsTest {

  static final String ERIN = "eeeeeeee-0000-0000-0000-000000000005";
  static final String TRUE_REPLY = "<?xml version=\"1.0\"?>\n<ServerResponse>\n  <RESULT>True</RESULT>\n</ServerResponse>";
  static final String FALSE_REPLY = "<?xml version=\"1.0\"?>\n<ServerResponse>\n  <RESULT>False</RESULT>\n</ServerResponse>";

  static TestGrid grid;

  @BeforeAll
  static void startGrid() {
    grid = TestGrid.start(TestGrid.config("Grid B", new JsonArray()));
    await(grid.users().storeAccount(new UserAccount().setUserId(ALICE).setFirstName("Alice").setLastName("Smith")));
  }

  @AfterAll
  static void stopGrid() {
    grid.close();
  }

  @Test
  void getFriendPermsAnswersGv7ForAVerifiedSession() {
    // Alice travels with the session and key of the vector; Fred grants her CanSeeOnline.
    await(grid.presence().reportTravel(new TravelInfo().setUserId(ALICE)
      .setSessionId("c0ffee00-0000-0000-0000-000000000009").setToken("5b0a4c7e-1111-2222-3333-444444444444")
      .setGridUri("http://grida.example.net:8002/")));
    Hypergrid.foreignFriend(grid, ALICE, fredUui("1a2b3c4d"));
    assertEquals(text("GV7-getfriendperms-reply.xml"), grid.postForm(text("GV7-getfriendperms-request.form")).bodyAsString());

    String stranger = text("GV7-getfriendperms-request.form").replace("FRIENDID=" + FRED,
      "FRIENDID=66666666-0000-0000-0000-000000000666");
    assertEquals("<?xml version=\"1.0\"?>\n<ServerResponse>\n  <RESULT>Failure</RESULT>\n  <Message>Friend not found"
      + "</Message>\n</ServerResponse>", grid.postForm(stranger).bodyAsString(), "OpenSim's own message");

    String wrongKey = text("GV7-getfriendperms-request.form").replace("KEY=5b0a4c7e", "KEY=00000000");
    assertEquals(text("GV5-failure-reply.xml"), grid.postForm(wrongKey).bodyAsString(), "a wrong key proves nothing");
  }

  @Test
  void newFriendshipCompletesAPendingOfferAndAnswersGv7() {
    // A grid of its own: no friendship between Alice and Fred exists yet.
    try (TestGrid grid = TestGrid.start(TestGrid.config("Grid B, fresh", new JsonArray()))) {
      // Alice offered friendship to Fred earlier: her row names him by his full identifier (with the
      // secret both grids keep); his converse row does not exist yet.
      String fredUui = FRED + ";http://grida.example.net:8002/;Fred Foo;1a2b3c4d";
      await(grid.friends().storeFriend(ALICE, fredUui, 1));
      assertEquals(text("GV7-newfriendship-reply.xml"), grid.postForm(text("GV7-newfriendship-request.form")).bodyAsString());
      FriendInfo alicesRow = await(grid.friends().getFriends(ALICE)).stream()
        .filter(row -> row.getFriend().startsWith(FRED)).findFirst().orElseThrow();
      assertEquals(fredUui, alicesRow.getFriend(), "Alice's row keeps Fred's full identifier");
      assertEquals(1, alicesRow.getMyFlags());
      assertEquals(1, alicesRow.getTheirFlags(), "no longer pending: the converse row exists");
      List<FriendInfo> fredsFriends = await(grid.friends().getFriends(fredUui));
      assertEquals(1, fredsFriends.size(), "the converse row is keyed by Fred's full identifier, as OpenSim keys it");
      assertEquals(ALICE, fredsFriends.get(0).getFriend());
      assertEquals(1, fredsFriends.get(0).getMyFlags());
      assertEquals(List.of(), await(grid.friends().getFriends(FRED)), "nothing under the bare UUID");

      assertEquals(text("GV5-failure-reply.xml"), grid.postForm(text("GV7-newfriendship-request.form")).bodyAsString(),
        "an existing friendship is not made twice");
    }
  }

  @Test
  void deleteFriendshipNeedsTheExactSecret() {
    String erinFred = FRED + ";http://grida.example.net:8002/;Fred Foo;0a0b0c0d";
    await(grid.friends().storeFriend(ERIN, erinFred, 1));
    await(grid.friends().storeFriend(erinFred, ERIN, 1));
    String request = "PrincipalID=" + ERIN + "&Friend=" + FRED + "&MyFlags=0&TheirFlags=0&METHOD=deletefriendship&SECRET=";
    String before = grid.snapshot();
    assertEquals(FALSE_REPLY, grid.postForm(request).bodyAsString(), "no secret");
    assertEquals(FALSE_REPLY, grid.postForm(request + "0c0d").bodyAsString(), "a suffix is not the secret");
    assertEquals(FALSE_REPLY, grid.postForm(request + "ffffffff").bodyAsString());
    assertEquals(before, grid.snapshot());
    assertEquals(TRUE_REPLY, grid.postForm(request + "0a0b0c0d").bodyAsString());
    assertEquals(List.of(), await(grid.friends().getFriends(ERIN)));
    assertEquals(List.of(), await(grid.friends().getFriends(erinFred)), "both directions are gone");
  }

  @Test
  void validateFriendshipOfferedFindsAPendingOffer() {
    String gianna = "99999999-0000-0000-0000-000000000009";
    String request = "PrincipalID=" + ERIN + "&Friend=" + gianna + "&MyFlags=0&TheirFlags=0&METHOD=validate_friendship_offered";
    assertEquals(FALSE_REPLY, grid.postForm(request).bodyAsString());
    await(grid.friends().storeFriend(gianna + ";http://gridc.example.com:8002/;Gianna Rossi", ERIN, 0));
    assertEquals(TRUE_REPLY, grid.postForm(request).bodyAsString());
  }

  @Test
  void friendshipOfferedAnswersForLocalUsersOnly() {
    // The offerer's home grid is a closed loopback port: the answer must not wait for it.
    String offer = text("GV7-friendship_offered-request.form")
      .replace("grida.example.net%3a8002", "127.0.0.1%3a" + TestGrid.freePort());
    assertEquals(TRUE_REPLY, grid.postForm(offer).bodyAsString());
    String toStranger = offer.replace("ToID=" + ALICE, "ToID=12345678-0000-0000-0000-000000000000");
    assertEquals(FALSE_REPLY, grid.postForm(toStranger).bodyAsString());
    String noMessage = "METHOD=friendship_offered&FromID=" + FRED + "&ToID=" + ALICE;
    assertEquals(text("GV5-failure-reply.xml"), grid.postForm(noMessage).bodyAsString());
  }
}
