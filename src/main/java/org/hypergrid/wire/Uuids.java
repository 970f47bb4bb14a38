package org.hypergrid.wire;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** UUIDs as OpenSim writes and reads them on the wire; every feature checks its ids with these. */
public final class Uuids {

  /** OpenSim's parser also takes the 32 hex digits without hyphens. */
  private static final Pattern UUID_DIGITS = Pattern.compile("[0-9a-fA-F]{32}");

  private Uuids() {
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
}
