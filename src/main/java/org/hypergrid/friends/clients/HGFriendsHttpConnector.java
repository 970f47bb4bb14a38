package org.hypergrid.friends.clients;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.serviceproxy.ServiceException;
import org.hypergrid.friends.api.HGFriendsService;
import org.hypergrid.friends.api.StatusReply;
import org.hypergrid.runtime.LogLimiter;
import org.hypergrid.runtime.OutboundHttp;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.Uuids;
import org.hypergrid.wire.XmlReplyParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * HGFriends on another grid, spoken to in OpenSim's wire format at
 * {@code <FriendsServerURI>/hgfriends}. Requests are byte-equal to what OpenSim sends; replies
 * are read tolerantly. Each call has a timeout and goes through the grid's circuit breaker, so a
 * dead grid costs the timeout once and is then skipped fast until it answers again.
 */
public class HGFriendsHttpConnector implements HGFriendsService {

  private static final Logger LOG = LoggerFactory.getLogger(HGFriendsHttpConnector.class);

  private final OutboundHttp http;
  private final String endpoint;
  private final long timeoutMs;
  private final CircuitBreaker breaker;
  private final boolean checked;

  /**
   * {@code checked}: the URI came from a caller (a foreign user's FriendsServerURI), so the
   * outbound policy vets it; false for a URI from our own configuration.
   */
  public HGFriendsHttpConnector(OutboundHttp http, String friendsServerUri, long timeoutMs, CircuitBreaker breaker,
                                boolean checked) {
    this.http = http;
    this.checked = checked;
    String base = friendsServerUri.trim();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    this.endpoint = base + "/hgfriends";
    this.timeoutMs = timeoutMs;
    this.breaker = breaker;
  }

  public String endpoint() {
    return endpoint;
  }

  @Override
  public Future<StatusReply> statusNotification(List<String> friends, String foreignUserId, boolean online) {
    List<Map.Entry<String, String>> form = new ArrayList<>();
    form.add(Map.entry("METHOD", "statusnotification"));
    form.add(Map.entry("userID", foreignUserId));
    form.add(Map.entry("online", online ? "True" : "False"));
    for (int i = 0; i < friends.size(); i++) {
      form.add(Map.entry("friend_" + i, friends.get(i)));
    }
    return post(form).map(reply -> {
      List<String> onlineFriends = new ArrayList<>();
      reply.forEach((key, value) -> {
        if (key.startsWith("friend_") && Uuids.isUuid(value)) {
          onlineFriends.add(value.toLowerCase());
        } else if (key.startsWith("friend_")) {
          LogLimiter.warn(LOG, "reply not a uuid", "{} answered {}={}, not a UUID: ignored", endpoint, key, value);
        }
      });
      // OpenSim's reply does not say how many claims failed.
      return new StatusReply(onlineFriends, -1);
    });
  }

  @Override
  public Future<Integer> getFriendPerms(String principalId, String friendId, String key, String sessionId) {
    return post(List.of(Map.entry("PRINCIPALID", principalId), Map.entry("FRIENDID", friendId),
      Map.entry("METHOD", "getfriendperms"), Map.entry("KEY", nullToEmpty(key)),
      Map.entry("SESSIONID", nullToEmpty(sessionId))))
      .compose(reply -> {
        if ("Success".equalsIgnoreCase(reply.get("RESULT"))) {
          try {
            return Future.succeededFuture(Integer.parseInt(reply.getOrDefault("Value", "").trim()));
          } catch (NumberFormatException e) {
            return ServiceErrors.badInput(endpoint + " answered a non-numeric Value");
          }
        }
        return ServiceErrors.notFound(reply.getOrDefault("Message", "no permissions returned").trim());
      });
  }

  @Override
  public Future<Boolean> newFriendship(String principalId, String friend, String key, String sessionId) {
    return post(List.of(Map.entry("PrincipalID", principalId), Map.entry("Friend", friend),
      Map.entry("MyFlags", "0"), Map.entry("TheirFlags", "0"), Map.entry("METHOD", "newfriendship"),
      Map.entry("KEY", nullToEmpty(key)), Map.entry("SESSIONID", nullToEmpty(sessionId))))
      // OpenSim answers <Result>Success</Result>; read either case of the element name.
      .map(reply -> "Success".equalsIgnoreCase(reply.getOrDefault("Result", reply.get("RESULT"))));
  }

  @Override
  public Future<Boolean> deleteFriendship(String principalId, String friend, String secret) {
    return post(List.of(Map.entry("PrincipalID", principalId), Map.entry("Friend", friend),
      Map.entry("MyFlags", "0"), Map.entry("TheirFlags", "0"), Map.entry("METHOD", "deletefriendship"),
      Map.entry("SECRET", nullToEmpty(secret))))
      .map(HGFriendsHttpConnector::boolResult);
  }

  @Override
  public Future<Boolean> friendshipOffered(String fromId, String toId, String message, String fromName) {
    List<Map.Entry<String, String>> form = new ArrayList<>(List.of(Map.entry("METHOD", "friendship_offered"),
      Map.entry("FromID", fromId), Map.entry("ToID", toId), Map.entry("Message", nullToEmpty(message))));
    if (fromName != null && !fromName.isEmpty()) {
      form.add(Map.entry("FromName", fromName));
    }
    return post(form).map(HGFriendsHttpConnector::boolResult);
  }

  @Override
  public Future<Boolean> validateFriendshipOffered(String fromId, String toId) {
    return post(List.of(Map.entry("PrincipalID", fromId), Map.entry("Friend", toId),
      Map.entry("MyFlags", "0"), Map.entry("TheirFlags", "0"), Map.entry("METHOD", "validate_friendship_offered")))
      .map(HGFriendsHttpConnector::boolResult);
  }

  /** Sends a form and reads the reply elements; a Failure reply fails the future. */
  private Future<Map<String, String>> post(List<Map.Entry<String, String>> form) {
    Buffer body = Buffer.buffer(OpenSimForm.encode(form));
    String type = "application/x-www-form-urlencoded";
    Supplier<Future<Map<String, String>>> call = () -> (checked
        ? http.postChecked(endpoint, type, body, timeoutMs) : http.post(endpoint, type, body, timeoutMs))
      .compose(response -> {
        if (response.status() != 200) {
          return Future.failedFuture(new ServiceException(ServiceErrors.UNAVAILABLE,
            endpoint + " answered HTTP " + response.status()));
        }
        return Future.succeededFuture(readReply(response.text()));
      });
    Future<Map<String, String>> reply = breaker == null ? call.get() : breaker.execute(call);
    return reply.compose(fields -> "Failure".equalsIgnoreCase(fields.get("RESULT"))
      ? ServiceErrors.badInput(endpoint + " refused: " + fields.getOrDefault("Message", "").trim())
      : Future.succeededFuture(fields));
  }

  /** Junk in a reply is logged and read as "nothing", as OpenSim's client does. */
  private Map<String, String> readReply(String xml) {
    if (xml == null || xml.isBlank()) {
      return Map.of();
    }
    try {
      return XmlReplyParser.parse(xml);
    } catch (IllegalArgumentException e) {
      LogLimiter.warn(LOG, "reply unreadable", "{} sent an unreadable reply ({}): ignored", endpoint, e.getMessage());
      return Map.of();
    }
  }

  private static boolean boolResult(Map<String, String> reply) {
    return "true".equalsIgnoreCase(reply.getOrDefault("RESULT", "").trim());
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
