package org.hypergrid.shell;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a private server answers to: loopback names, the address it binds, every address of
 * this machine's interfaces, the machine's host name, and the operator's
 * {@code security.privateHostNames} (a name, or {@code name:port} for an origin on another port,
 * as behind a proxy). A DNS-rebinding page names its own domain, which is none of these.
 */
final class OwnNames {

  private final Set<String> hosts;
  private final Set<String> hostsAndPorts;

  private OwnNames(Set<String> hosts, Set<String> hostsAndPorts) {
    this.hosts = hosts;
    this.hostsAndPorts = hostsAndPorts;
  }

  /** Reads the machine's interfaces and name: may block briefly, so call it off the event loop. */
  static OwnNames discover(List<String> bindHosts, List<String> configured) {
    Set<String> hosts = new HashSet<>();
    List.of("localhost", "127.0.0.1", "::1").forEach(host -> hosts.add(normal(host)));
    Set<String> hostsAndPorts = new HashSet<>();
    bindHosts.forEach(host -> hosts.add(normal(host)));
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        Collections.list(nic.getInetAddresses()).forEach(address -> hosts.add(normal(address.getHostAddress())));
      }
    } catch (SocketException e) {
      // no interfaces readable: loopback and the configured names remain
    }
    try {
      InetAddress local = InetAddress.getLocalHost();
      hosts.add(normal(local.getHostName()));
      hosts.add(normal(local.getCanonicalHostName()));
    } catch (UnknownHostException e) {
      // an unresolvable host name is not one anybody can call us by
    }
    for (String entry : configured) {
      int colon = entry.lastIndexOf(':');
      boolean withPort = colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).matches("\\d{1,5}");
      String host = normal(withPort ? entry.substring(0, colon) : entry);
      hosts.add(host);
      if (withPort) {
        hostsAndPorts.add(host + ":" + Integer.parseInt(entry.substring(colon + 1)));
      }
    }
    hosts.remove(normal("0.0.0.0"));
    hosts.remove(normal("::"));
    return new OwnNames(Set.copyOf(hosts), Set.copyOf(hostsAndPorts));
  }

  boolean isOwnHost(String host) {
    return hosts.contains(normal(host));
  }

  boolean isOwnHostAndPort(String host, int port) {
    return hostsAndPorts.contains(normal(host) + ":" + port);
  }

  /** Lower case, no brackets, no IPv6 zone; IPv6 literals in one spelling. */
  static String normal(String host) {
    String bare = PrivateRequestGuard.bare(host.trim());
    int zone = bare.indexOf('%');
    if (zone >= 0) {
      bare = bare.substring(0, zone);
    }
    if (bare.indexOf(':') >= 0) {
      try {
        return InetAddress.getByName(bare).getHostAddress().toLowerCase(Locale.ROOT); // a literal: no lookup
      } catch (UnknownHostException e) {
        return bare;
      }
    }
    return bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
  }
}
