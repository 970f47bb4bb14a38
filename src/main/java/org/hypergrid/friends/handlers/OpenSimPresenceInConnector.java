package org.hypergrid.friends.handlers;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.hypergrid.friends.api.PresenceInfo;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.RobustXml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ROBUST's {@code POST /presence} (PresenceServerPostHandler) over our presence service, which
 * answers from memory. As ROBUST: a malformed session id, an unknown session's report and a
 * {@code getagents} without its {@code uuids[]} list are Failures; an unknown session's
 * {@code getagent} is {@code null}; a region with nobody in it still answers Success.
 */
public class OpenSimPresenceInConnector {

  private static final String SUCCESS = RobustXml.result("result", "Success");
  private static final int MAX_USERS = 1000;

  private final PresenceService presence;
  private final int maxBodyBytes;

  public OpenSimPresenceInConnector(PresenceService presence, int maxBodyBytes) {
    this.presence = presence;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    Map<String, RobustEndpoint.Method> methods = new LinkedHashMap<>();
    methods.put("login", form -> presence.openSession(RobustEndpoint.required(form, "UserID"),
      RobustEndpoint.required(form, "SessionID"), form.text("SecureSessionID")).map(SUCCESS));
    methods.put("logout", form -> presence.closeSession(RobustEndpoint.requiredUuid(form, "SessionID"))
      .compose(known -> known ? Future.succeededFuture(SUCCESS)
        : ServiceErrors.<String>notFound("no session " + form.text("SessionID"))));
    methods.put("logoutregion", form -> presence.closeRegion(RobustEndpoint.requiredUuid(form, "RegionID")).map(SUCCESS));
    methods.put("report", form -> presence.placeSession(RobustEndpoint.requiredUuid(form, "SessionID"), RobustEndpoint.requiredUuid(form, "RegionID"))
      .map(SUCCESS));
    methods.put("getagent", form -> presence.getSession(RobustEndpoint.requiredUuid(form, "SessionID"))
      .map(session -> RobustXml.data(Map.of("result", fields(session))))
      .recover(e -> ServiceErrors.isNotFound(e) ? Future.succeededFuture(RobustXml.nullResult())
        : Future.failedFuture(e)));
    methods.put("getagents", this::getAgents);
    new RobustEndpoint("/presence", maxBodyBytes, RobustXml.result("result", "Failure"), methods).mount(router);
  }

  private Future<String> getAgents(OpenSimForm.Form form) {
    List<String> users = form.list("uuids");
    if (users == null) {
      throw new BadInput("uuids[] missing");
    }
    if (users.size() > MAX_USERS) {
      throw new BadInput("more than " + MAX_USERS + " users at once");
    }
    return presence.getAgents(users).map(found -> {
      if (found.isEmpty()) {
        return RobustXml.nullResult();
      }
      Map<String, Object> reply = new LinkedHashMap<>();
      for (int i = 0; i < found.size(); i++) {
        reply.put("presence" + i, fields(found.get(i)));
      }
      return RobustXml.data(reply);
    });
  }

  /** PresenceInfo on the wire: only UserID and RegionID. */
  private static Map<String, String> fields(PresenceInfo session) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("UserID", session.getUserId());
    fields.put("RegionID", session.getRegionId());
    return fields;
  }
}
