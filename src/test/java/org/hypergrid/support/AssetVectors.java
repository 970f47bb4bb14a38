package org.hypergrid.support;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The captured exchanges of OpenSim 0.9.2.2's asset service ({@code vectors/assets}): for a case
 * such as {@code AV4-get-binary} (or {@code AV13-update.2}), the request head and body a real
 * OpenSim client sent, and the status line, content type and body ROBUST answered.
 */
public final class AssetVectors {

  private static final String HEAD_MARK = "--- raw head (CRLF shown as \\r\\n) ---";

  /** One side of an exchange: its meta fields, raw head (with CRLFs) and body (empty when none). */
  public record Side(Map<String, String> fields, String head, Buffer body) {
    public String field(String name) {
      return fields.get(name);
    }

    /** The reply's first line, e.g. {@code HTTP/1.1 404 NotFound}. */
    public String firstLine() {
      return head.substring(0, head.indexOf("\r\n"));
    }
  }

  private AssetVectors() {
  }

  public static Side request(String exchange) {
    return side(exchange + ".request");
  }

  public static Side reply(String exchange) {
    return side(exchange + ".reply");
  }

  private static Side side(String name) {
    String meta = read(name + ".meta").toString("UTF-8");
    Map<String, String> fields = new LinkedHashMap<>();
    int mark = meta.indexOf(HEAD_MARK);
    for (String line : meta.substring(0, mark).split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    StringBuilder head = new StringBuilder();
    for (String line : meta.substring(mark + HEAD_MARK.length()).split("\n")) {
      if (line.endsWith("\\r\\n")) {
        head.append(line, 0, line.length() - 4).append("\r\n");
      }
    }
    String bodyFile = fields.get("body-file");
    Buffer body = bodyFile == null ? Buffer.buffer() : read(bodyFile);
    return new Side(fields, head.toString(), body);
  }

  private static Buffer read(String file) {
    String path = "/vectors/assets/" + file;
    try (InputStream in = AssetVectors.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no vector " + path);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
