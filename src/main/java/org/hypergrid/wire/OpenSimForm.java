package org.hypergrid.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

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

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * .NET's UrlEncode: letters, digits and {@code .-*_!()} as they are, a space as '+', anything
   * else as its UTF-8 bytes in lowercase %xx. One pass, and none at all for text with nothing to
   * escape: this runs for every friend of every notification we send.
   */
  static String urlEncode(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (unescaped(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (c == ' ') {
        out.append('+');
      } else if (c < 0x80) {
        appendEscaped(out, c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          ? i + 2 : i + 1;
        for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          appendEscaped(out, b & 0xff);
        }
        i = end - 1;
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean unescaped(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
      || c == '.' || c == '-' || c == '*' || c == '_' || c == '!' || c == '(' || c == ')';
  }

  private static void appendEscaped(StringBuilder out, int b) {
    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
  }

  /**
   * Parses a body; keys keep their case, the first occurrence wins, a bare key maps to "". As in
   * OpenSim, a value ends at a second '=' of its term. Terms are cut by hand, not with split:
   * this runs over every friend entry of every notification.
   */
  public static Map<String, String> decode(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    parse(body, (key, value) -> fields.putIfAbsent(key, value));
    return fields;
  }

  /**
   * A body as ServerUtils.ParseQueryString reads it for the grid services: as {@link #decode},
   * and a key written {@code name[]} collects its values, in order, into the list {@code name}
   * ({@code uuids[]=A&uuids[]=B}).
   */
  public static Form decodeWithLists(String body) {
    Map<String, Object> fields = new LinkedHashMap<>();
    parse(body, (key, value) -> {
      if (key.endsWith("[]") && key.length() > 2) {
        String name = key.substring(0, key.length() - 2);
        Object earlier = fields.computeIfAbsent(name, k -> new ArrayList<String>());
        if (earlier instanceof List<?>) {
          @SuppressWarnings("unchecked")
          List<String> values = (List<String>) earlier;
          values.add(value);
        }
      } else {
        fields.putIfAbsent(key, value);
      }
    });
    return new Form(fields);
  }

  /** A parsed grid-service body: texts and {@code name[]} lists by key. */
  public record Form(Map<String, Object> fields) {

    /** The text under {@code key}; null when absent or a list. */
    public String text(String key) {
      return fields.get(key) instanceof String text ? text : null;
    }

    /** The list under {@code key}; null when absent or a single text. */
    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
      return fields.get(key) instanceof List<?> list ? (List<String>) list : null;
    }
  }

  private static void parse(String body, BiConsumer<String, String> field) {
    String text = body.trim();
    for (int from = 0; from < text.length(); ) {
      int end = text.indexOf('&', from);
      end = end < 0 ? text.length() : end;
      int equals = text.indexOf('=', from);
      String key;
      String value = "";
      if (equals < 0 || equals > end) {
        key = urlDecode(text, from, end);
      } else {
        key = urlDecode(text, from, equals);
        int valueEnd = text.indexOf('=', equals + 1);
        value = urlDecode(text, equals + 1, valueEnd < 0 || valueEnd > end ? end : valueEnd);
      }
      if (!key.isBlank()) {
        field.accept(key, value);
      }
      from = end + 1;
    }
  }

  /** UrlDecode: {@code +} is a space, {@code %xx} any case as UTF-8, invalid escapes kept. */
  static String urlDecode(String text) {
    return urlDecode(text, 0, text.length());
  }

  /** {@link #urlDecode(String)} of {@code text[from, to)}, without cutting it out first. */
  private static String urlDecode(String text, int from, int to) {
    // Most keys and many values have nothing to decode: hand them back as they are.
    if (!hasEscapes(text, from, to)) {
      return text.substring(from, to);
    }
    // An escape or an ASCII character is at most one byte; other characters are written as UTF-8.
    byte[] bytes = new byte[(to - from) * 3];
    int length = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80 && c != '+' && c != '%') {
        bytes[length++] = (byte) c;
      } else if (c == '+') {
        bytes[length++] = ' ';
      } else if (c == '%' && i + 2 < to && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        bytes[length++] = (byte) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < to ? i + 2 : i + 1;
        byte[] utf8 = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        i = end - 1;
      }
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private static boolean hasEscapes(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '%' || c == '+') {
        return true;
      }
    }
    return false;
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
