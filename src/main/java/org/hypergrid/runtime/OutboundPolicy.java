package org.hypergrid.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.serviceproxy.ServiceException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Where our server may send a request because of what a caller told it (a foreign user's home
 * grid, its FriendsServerURI, the simulator hosting a traveller): http or https only, and never
 * an address inside the operator's network — loopback, private, link-local, multicast,
 * unspecified, unique-local or carrier-grade NAT — unless the config allows loopback or private
 * targets. Every address a host name resolves to must pass.
 */
public final class OutboundPolicy {

  private final Vertx vertx;
  private final boolean allowLoopback;
  private final boolean allowPrivate;

  public OutboundPolicy(Vertx vertx, boolean allowLoopback, boolean allowPrivate) {
    this.vertx = vertx;
    this.allowLoopback = allowLoopback;
    this.allowPrivate = allowPrivate;
  }

  /** Succeeds when {@code url} may be contacted; fails with 403 saying why not. */
  public Future<Void> check(String url) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.trim());
    } catch (URISyntaxException e) {
      return refused(url, "not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return refused(url, "only http and https are contacted");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return refused(url, "no host");
    }
    if (uri.getUserInfo() != null) {
      return refused(url, "credentials in the URL");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    // Name resolution may block: never on an event loop.
    return vertx.executeBlocking(() -> InetAddress.getAllByName(bare), false)
      .recover(e -> e instanceof UnknownHostException ? refused(url, "unknown host") : Future.failedFuture(e))
      .compose(addresses -> {
        for (InetAddress address : addresses) {
          String refusal = refusal(address);
          if (refusal != null) {
            return refused(url, refusal + " address " + address.getHostAddress());
          }
        }
        return Future.succeededFuture();
      });
  }

  /** Why this address may not be contacted, or null when it may. */
  String refusal(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return allowLoopback ? null : "loopback";
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (allowPrivate) {
      return null;
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
      return "carrier-grade NAT";
    }
    if (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
      return "unique-local";
    }
    return null;
  }

  private static <T> Future<T> refused(String url, String why) {
    String shown = url == null ? "" : url.length() > 120 ? url.substring(0, 120) + "..." : url;
    return Future.failedFuture(new ServiceException(ServiceErrors.FORBIDDEN,
      "outbound policy refuses " + shown + ": " + why));
  }
}
