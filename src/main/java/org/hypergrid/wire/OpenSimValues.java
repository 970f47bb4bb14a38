package org.hypergrid.wire;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Values as OpenSim writes them in grid-service replies: a Vector3 as {@code <128, 128, 23.1>}
 * (each float with .NET's "G" format, 7 significant digits, no trailing zeros) and a time as
 * DateTime.ToString() in the invariant culture ({@code 12/6/2026 2:17:13 AM}, UTC).
 */
public final class OpenSimValues {

  /** A Vector3 at the origin, as a reply writes it. */
  public static final String ZERO_VECTOR = "<0, 0, 0>";
  private static final MathContext FLOAT_DIGITS = new MathContext(7);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US)
    .withZone(ZoneOffset.UTC);

  private OpenSimValues() {
  }

  /**
   * Vector3.TryParse then ToString: {@code <x, y, z>} (brackets and spaces optional) rewritten
   * as OpenSim stores it; empty when it is not three numbers.
   */
  public static Optional<String> vector(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String inner = text.trim();
    if (inner.startsWith("<")) {
      inner = inner.substring(1);
    }
    if (inner.endsWith(">")) {
      inner = inner.substring(0, inner.length() - 1);
    }
    String[] parts = inner.split(",");
    if (parts.length != 3) {
      return Optional.empty();
    }
    StringBuilder vector = new StringBuilder("<");
    for (int i = 0; i < 3; i++) {
      float value;
      try {
        value = Float.parseFloat(parts[i].trim());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (!Float.isFinite(value)) {
        return Optional.empty();
      }
      vector.append(i == 0 ? "" : ", ").append(floatText(value));
    }
    return Optional.of(vector.append('>').toString());
  }

  /** A float as .NET's float.ToString(): 7 significant digits, no exponent for grid-sized values. */
  static String floatText(float value) {
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(Float.toString(value)).round(FLOAT_DIGITS).stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
  }

  /** Unix seconds as DateTime.ToString() (UTC): {@code 1/1/1970 12:00:00 AM} for 0. */
  public static String time(long unixSeconds) {
    return TIME.format(Instant.ofEpochSecond(unixSeconds));
  }
}
