package org.hypergrid.shell;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.hypergrid.runtime.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The first handler of a private server: what a web page of another origin can make the
 * operator's browser send is refused here, whatever route it names. Loopback binding does not
 * stop a browser, so:
 * <ul>
 *   <li>every request must name one of the server's own hosts in {@code Host} (a DNS-rebinding
 *       page names its own domain); a request without {@code Host} is no browser's;</li>
 *   <li>a request that can change state (not GET, HEAD or OPTIONS) carrying {@code Origin} must
 *       come from the server's own origin, and one carrying {@code Sec-Fetch-Site} must say
 *       {@code same-origin} or {@code none}.</li>
 * </ul>
 * Simulators, ROBUST and our own nodes send neither header, so they pass on the Host check alone.
 * Refusals answer 403 with the reason, are counted ({@code hg.http.requests.refused}) and logged
 * through the limiter.
 */
final class PrivateRequestGuard implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(PrivateRequestGuard.class);
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final OwnNames names;
  private final IntSupplier port;
  private final Counter wrongHost;
  private final Counter wrongOrigin;

  /** {@code port}: the port the server listens on (its own origin's port). */
  PrivateRequestGuard(String server, OwnNames names, IntSupplier port, MeterRegistry registry) {
    this.names = names;
    this.port = port;
    wrongHost = refused(registry, server, "host");
    wrongOrigin = refused(registry, server, "origin");
  }

  static Counter refused(MeterRegistry registry, String server, String reason) {
    return Counter.builder("hg.http.requests.refused").tag("server", server).tag("reason", reason)
      .description("requests a private server refused: a foreign Host, another origin, not JSON")
      .register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (authority != null && !names.isOwnHost(authority.host())) {
      refuse(ctx, wrongHost, "Host '" + authority.host() + "' is not a name of this server"
        + " (add it to security.privateHostNames if it is)");
      return;
    }
    if (!SAFE.contains(ctx.request().method())) {
      String origin = ctx.request().getHeader("Origin");
      if (origin != null && !isOwnOrigin(origin)) {
        refuse(ctx, wrongOrigin, "a request from the page at " + origin + " may not use this private server");
        return;
      }
      String site = ctx.request().getHeader("Sec-Fetch-Site");
      if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
        refuse(ctx, wrongOrigin, "a " + site + " request from a web page may not use this private server");
        return;
      }
    }
    ctx.next();
  }

  private boolean isOwnOrigin(String origin) {
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
        return false; // "null" (a sandboxed or file page) and anything stranger
      }
      int originPort = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      return names.isOwnHost(uri.getHost()) && (originPort == port.getAsInt() || names.isOwnHostAndPort(uri.getHost(), originPort));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void refuse(RoutingContext ctx, Counter counter, String reason) {
    counter.increment();
    LogLimiter.warn(LOG, "private request refused", "Refused {} {} from {}: {}", ctx.request().method().name(),
      ctx.request().path(), String.valueOf(ctx.request().remoteAddress()), reason);
    ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("error", reason).put("code", 403).encode());
  }

  /** Lower-cases a host and drops an IPv6 literal's brackets. */
  static String bare(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
  }
}
