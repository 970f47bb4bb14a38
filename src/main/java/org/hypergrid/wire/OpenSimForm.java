package org.hypergrid.wire;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Form bodies exactly as OpenSim's ServerUtils builds and parses them: pairs in order, .NET
 * {@code HttpUtility.UrlEncode} escaping (lowercase hex, {@code !*()} kept), an empty value as
 * a bare key; when parsing, the first occurrence of a key wins and bad escapes are kept as-is.
 */
public final class OpenSimForm {

  private OpenSimForm() {
  }

  /** Builds a body from ordered pairs (use {@link List#of} or a LinkedHashMap's entries). */
  public static String encode(Iterable<Map.Entry<String, String>> pairs) {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> pair : pairs) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(urlEncode(pair.getKey()));
      String value = pair.getValue();
      if (value != null && !value.isEmpty()) {
        body.append('=').append(urlEncode(value));
      }
    }
    return body.toString();
  }

  /** .NET's UrlEncode: Java's form encoding, then lowercase hex and {@code !()} unescaped. */
  static String urlEncode(String text) {
    String java = URLEncoder.encode(text, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(java.length());
    for (int i = 0; i < java.length(); i++) {
      char c = java.charAt(i);
      if (c == '%' && i + 2 < java.length()) {
        String hex = java.substring(i + 1, i + 3);
        switch (hex) {
          case "21" -> out.append('!');
          case "28" -> out.append('(');
          case "29" -> out.append(')');
          default -> out.append('%').append(hex.toLowerCase());
        }
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Parses a body; keys keep their case, the first occurrence wins, a bare key maps to "". As in
   * OpenSim, a value ends at a second '=' of its term. Terms are cut by hand, not with split:
   * this runs over every friend entry of every notification.
   */
  public static Map<String, String> decode(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    String text = body.trim();
    for (int from = 0; from < text.length(); ) {
      int end = text.indexOf('&', from);
      end = end < 0 ? text.length() : end;
      int equals = text.indexOf('=', from);
      String key;
      String value = "";
      if (equals < 0 || equals > end) {
        key = urlDecode(text.substring(from, end));
      } else {
        key = urlDecode(text.substring(from, equals));
        int valueEnd = text.indexOf('=', equals + 1);
        value = urlDecode(text.substring(equals + 1, valueEnd < 0 || valueEnd > end ? end : valueEnd));
      }
      if (!key.isBlank()) {
        fields.putIfAbsent(key, value);
      }
      from = end + 1;
    }
    return fields;
  }

  /** UrlDecode: {@code +} is a space, {@code %xx} any case as UTF-8, invalid escapes kept. */
  static String urlDecode(String text) {
    // Most keys and many values have nothing to decode: hand them back as they are.
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80 && c != '+' && c != '%') {
        bytes.write(c);
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c == '%' && i + 2 < text.length()
        && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(utf8);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
