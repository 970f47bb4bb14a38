package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.GenIgnore;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A universal user identifier, {@code uuid[;homeURI[;First Last[;secret]]]}. Parsing is strict
 * about the UUID and keeps every field apart, so a friendship is verified by comparing fields,
 * never by prefix and suffix of the whole string.
 */
@GenIgnore
public final class Uui {

  /** OpenSim's parser also takes the 32 hex digits without hyphens. */
  private static final Pattern UUID_DIGITS = Pattern.compile("[0-9a-fA-F]{32}");

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

  /** True for a 36-character hyphenated UUID, any case (checked by hand: it is on every request's path). */
  public static boolean isUuid(String text) {
    if (text == null || text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
        : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The UUID in its canonical lowercase hyphenated form, or empty when {@code text} is not one.
   * Takes the forms OpenSim's parser takes: hyphenated, or 32 hex digits.
   */
  public static Optional<String> uuid(String text) {
    if (isUuid(text)) {
      return Optional.of(text.toLowerCase(Locale.ROOT));
    }
    if (text != null && UUID_DIGITS.matcher(text).matches()) {
      String d = text.toLowerCase(Locale.ROOT);
      return Optional.of(d.substring(0, 8) + "-" + d.substring(8, 12) + "-" + d.substring(12, 16) + "-"
        + d.substring(16, 20) + "-" + d.substring(20));
    }
    return Optional.empty();
  }

  /** Empty when the text does not start with a well-formed UUID field. */
  public static Optional<Uui> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    // Fields by hand, not String.split: this runs for every friend of every notification.
    int end = field(text, 0);
    Optional<String> id = uuid(text.substring(0, end));
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
