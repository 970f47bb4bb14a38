package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.GenIgnore;
import org.hypergrid.wire.Uuids;

import java.util.Locale;
import java.util.Optional;

/**
 * A universal user identifier, {@code uuid[;homeURI[;First Last[;secret]]]}. Parsing is strict
 * about the UUID and keeps every field apart, so a friendship is verified by comparing fields,
 * never by prefix and suffix of the whole string.
 */
@GenIgnore
public final class Uui {

  public static final String ZERO = "00000000-0000-0000-0000-000000000000";

  private final String id;
  private final String homeUri;
  private final String name;
  private final String secret;

  private Uui(String id, String homeUri, String name, String secret) {
    this.id = id;
    this.homeUri = homeUri;
    this.name = name;
    this.secret = secret;
  }

  /** Empty when the text does not start with a well-formed UUID field. */
  public static Optional<Uui> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    // Fields by hand, not String.split: this runs for every friend of every notification.
    int end = field(text, 0);
    Optional<String> id = Uuids.uuid(text.substring(0, end));
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String[] rest = {"", "", ""};
    for (int i = 0, from = end + 1; i < rest.length && from <= text.length(); i++) {
      end = i == rest.length - 1 ? text.length() : field(text, from);
      rest[i] = text.substring(from, end);
      from = end + 1;
    }
    return Optional.of(new Uui(id.get(), rest[0], rest[1], rest[2]));
  }

  /** Where the field starting at {@code from} ends: the next ';' or the end of the text. */
  private static int field(String text, int from) {
    int end = text.indexOf(';', from);
    return end < 0 ? text.length() : end;
  }

  /** The identifier as OpenSim writes it for a friendship: id;home/;First Last;secret. */
  public static String format(String id, String homeUri, String name, String secret) {
    return id + ";" + normalizeHome(homeUri) + ";" + name + ";" + secret;
  }

  /** Home URIs compare lowercased with exactly one trailing slash. */
  public static String normalizeHome(String uri) {
    String trimmed = uri == null ? "" : uri.trim().toLowerCase(Locale.ROOT);
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? "" : trimmed + "/";
  }

  /** The host of a URI (a home grid, a friends server), or "unknown". */
  public static String host(String uri) {
    try {
      String host = java.net.URI.create(uri == null ? "" : uri.trim()).getHost();
      return host == null ? "unknown" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "unknown";
    }
  }

  public String id() {
    return id;
  }

  public String homeUri() {
    return homeUri;
  }

  public String name() {
    return name;
  }

  public String secret() {
    return secret;
  }

  /** A foreign friend carries a home URI; a bare UUID is one of our own users. */
  public boolean isForeign() {
    return !homeUri.isEmpty();
  }

  @Override
  public String toString() {
    return id + ";" + homeUri + ";" + name + ";" + (secret.isEmpty() ? "" : "********");
  }
}
