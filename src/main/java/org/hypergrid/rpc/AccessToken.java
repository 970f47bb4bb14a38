package org.hypergrid.rpc;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.runtime.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The shared access token of a private server ({@code security.accessToken}): when one is set,
 * every request to the guarded routes must carry it in {@link #HEADER} (or as the password of HTTP
 * Basic credentials, for OpenSim's clients), compared in constant
 * time; others get 401. With no token set the server binds loopback only (the shell insists).
 */
final class AccessToken implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(AccessToken.class);
  static final String HEADER = PrivateProtocol.ACCESS_TOKEN_HEADER;

  private final byte[] token;
  /** The user name OpenSim's ServiceAuth must send with the token; empty: any. */
  private final byte[] username;

  AccessToken(String token, String username) {
    this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    this.username = username == null ? new byte[0] : username.getBytes(StandardCharsets.UTF_8);
  }

  public boolean isSet() {
    return token.length > 0;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!isSet()) {
      ctx.next();
      return;
    }
    String given = ctx.request().getHeader(HEADER);
    if (given == null) {
      given = basicPassword(ctx.request().getHeader("Authorization"));
    }
    if (given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    LogLimiter.warn(LOG, "access token", "Refused {} {} from {}: {}", ctx.request().method().name(),
      ctx.request().path(), String.valueOf(ctx.request().remoteAddress()),
      given == null ? "no access token" : "wrong access token");
    ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
      .end("{\"error\":\"this private service needs the grid's access token in " + HEADER + "\",\"code\":401}");
  }

  /**
   * The password of HTTP Basic credentials, as OpenSim's own clients send them when a ROBUST
   * service asks for {@code BasicHttpAuthentication}: they cannot send our header. When a user
   * name is configured it must match too (compared in constant time); otherwise: null.
   */
  private String basicPassword(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
        StandardCharsets.UTF_8);
      int colon = credentials.indexOf(':');
      if (colon < 0) {
        return null;
      }
      boolean userMatches = MessageDigest.isEqual(username, credentials.substring(0, colon).getBytes(StandardCharsets.UTF_8));
      return username.length == 0 || userMatches ? credentials.substring(colon + 1) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
