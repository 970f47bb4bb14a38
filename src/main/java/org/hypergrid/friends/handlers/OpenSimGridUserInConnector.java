package org.hypergrid.friends.handlers;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.hypergrid.friends.api.GridUserInfo;
import org.hypergrid.friends.api.GridUserService;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.OpenSimValues;
import org.hypergrid.wire.RobustXml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ROBUST's {@code POST /griduser} (GridUserServerPostHandler) over our grid user service. As
 * ROBUST: an unknown user is a Failure for {@code getgriduserinfo} but left out of
 * {@code getgriduserinfos} (all unknown: an empty {@code <ServerResponse />}); the writes answer
 * {@code <result>Success</result>}.
 */
public class OpenSimGridUserInConnector {

  private static final String SUCCESS = RobustXml.result("result", "Success");

  private final GridUserService users;
  private final int maxBodyBytes;

  public OpenSimGridUserInConnector(GridUserService users, int maxBodyBytes) {
    this.users = users;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    Map<String, RobustEndpoint.Method> methods = new LinkedHashMap<>();
    methods.put("loggedin", form -> users.loggedIn(RobustEndpoint.required(form, "UserID")).map(this::single));
    methods.put("loggedout", form -> users.loggedOut(RobustEndpoint.required(form, "UserID"),
      RobustEndpoint.required(form, "RegionID"), form.text("Position"), form.text("LookAt")).map(SUCCESS));
    methods.put("sethome", form -> users.setHome(RobustEndpoint.required(form, "UserID"),
      RobustEndpoint.required(form, "RegionID"), form.text("Position"), form.text("LookAt")).map(SUCCESS));
    methods.put("setposition", form -> users.setLastPosition(RobustEndpoint.required(form, "UserID"),
      RobustEndpoint.required(form, "RegionID"), form.text("Position"), form.text("LookAt")).map(SUCCESS));
    methods.put("getgriduserinfo", form -> users.getGridUserInfo(RobustEndpoint.required(form, "UserID"))
      .map(this::single));
    methods.put("getgriduserinfos", this::several);
    new RobustEndpoint("/griduser", maxBodyBytes, RobustXml.result("result", "Failure"), methods).mount(router);
  }

  private String single(GridUserInfo info) {
    return RobustXml.data(Map.of("result", fields(info)));
  }

  private Future<String> several(OpenSimForm.Form form) {
    List<String> ids = form.list("AgentIDs");
    if (ids == null) {
      throw new BadInput("AgentIDs[] missing");
    }
    return users.getGridUserInfos(ids).map(found -> {
      Map<String, Object> reply = new LinkedHashMap<>();
      for (int i = 0; i < found.size(); i++) {
        reply.put("griduser" + i, fields(found.get(i)));
      }
      return RobustXml.data(reply);
    });
  }

  /** GridUserInfo.ToKeyValuePairs, in its order. */
  static Map<String, String> fields(GridUserInfo info) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("UserID", info.getUserId());
    fields.put("HomeRegionID", info.getHomeRegionId());
    fields.put("HomePosition", info.getHomePosition());
    fields.put("HomeLookAt", info.getHomeLookAt());
    fields.put("LastRegionID", info.getLastRegionId());
    fields.put("LastPosition", info.getLastPosition());
    fields.put("LastLookAt", info.getLastLookAt());
    fields.put("Online", info.isOnline() ? "True" : "False");
    fields.put("Login", OpenSimValues.time(info.getLogin()));
    fields.put("Logout", OpenSimValues.time(info.getLogout()));
    return fields;
  }
}
