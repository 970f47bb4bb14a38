package org.hypergrid.friends.handlers;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.hypergrid.friends.api.FriendInfo;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.wire.RobustXml;
import org.hypergrid.wire.Uuids;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ROBUST's {@code POST /friends} (FriendsServerPostHandler) over our friends service, so
 * simulators and ROBUST's login service read and write the friendships the Hypergrid service
 * verifies. As ROBUST: a principal that is not a UUID reads as nobody ({@code null}); writes
 * answer {@code <Result>Success</Result>}; deleting nothing is a success too.
 */
public class OpenSimFriendsInConnector {

  private static final String SUCCESS = RobustXml.result("Result", "Success");

  private final FriendsService friends;
  private final int maxBodyBytes;

  public OpenSimFriendsInConnector(FriendsService friends, int maxBodyBytes) {
    this.friends = friends;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    Map<String, RobustEndpoint.Method> methods = new LinkedHashMap<>();
    methods.put("getfriends", form -> {
      String principal = form.text("PRINCIPALID");
      return principal == null || !Uuids.isUuid(principal) ? Future.succeededFuture(RobustXml.nullResult())
        : list(principal.toLowerCase(Locale.ROOT));
    });
    methods.put("getfriends_string", form -> list(RobustEndpoint.required(form, "PRINCIPALID")));
    // Our store takes a visitor's identifier as principal too; ROBUST would write it as the zero UUID.
    methods.put("storefriend", form -> friends.storeFriend(RobustEndpoint.required(form, "PrincipalID"),
        RobustEndpoint.required(form, "Friend"), RobustEndpoint.requiredInt(form, "MyFlags"))
      .map(SUCCESS));
    methods.put("deletefriend", form -> friends.deleteFriend(
      RobustEndpoint.requiredUuid(form, "PRINCIPALID").toLowerCase(Locale.ROOT), RobustEndpoint.required(form, "FRIEND"))
      .map(SUCCESS));
    methods.put("deletefriend_string", form -> friends.deleteFriend(RobustEndpoint.required(form, "PRINCIPALID"),
      RobustEndpoint.required(form, "FRIEND")).map(SUCCESS));
    new RobustEndpoint("/friends", maxBodyBytes, RobustXml.failureWithMessage(""), methods).mount(router);
  }

  private Future<String> list(String principal) {
    return friends.getFriends(principal).map(OpenSimFriendsInConnector::reply);
  }

  /** {@code friendN type="List"} per row, in the store's order; {@code null} for none. */
  static String reply(List<FriendInfo> rows) {
    if (rows.isEmpty()) {
      return RobustXml.nullResult();
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      FriendInfo row = rows.get(i);
      Map<String, String> friend = new LinkedHashMap<>();
      friend.put("PrincipalID", row.getPrincipalId());
      friend.put("Friend", row.getFriend());
      friend.put("MyFlags", Integer.toString(row.getMyFlags()));
      friend.put("TheirFlags", Integer.toString(row.getTheirFlags()));
      reply.put("friend" + i, friend);
    }
    return RobustXml.data(reply);
  }
}
