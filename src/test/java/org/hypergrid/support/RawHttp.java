package org.hypergrid.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange over a plain TCP socket, byte for byte as a captured client sent it: the
 * request head as given and, after the server's {@code 100 Continue} when the head expects one,
 * the body. The reply is read whole (by Content-Length), so its status line and bytes can be
 * compared with a capture.
 */
public final class RawHttp {

  private static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

  /** A reply: its status line without CRLF, headers by lower-case name, the body, and whether 100 came first. */
  public record Reply(String statusLine, Map<String, String> headers, Buffer body, boolean continued) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {
  }

  public static Future<Reply> exchange(Vertx vertx, int port, String head, Buffer body) {
    NetClient client = vertx.createNetClient();
    boolean expectsContinue = head.toLowerCase(Locale.ROOT).contains("\r\nexpect: 100-continue\r\n");
    Promise<Reply> reply = Promise.promise();
    return client.connect(port, "127.0.0.1").compose(socket -> {
      Buffer[] holder = {Buffer.buffer()};
      boolean[] continued = {false};
      socket.handler(chunk -> {
        holder[0].appendBuffer(chunk);
        if (expectsContinue && !continued[0]) {
          if (!holder[0].toString(StandardCharsets.ISO_8859_1).startsWith(CONTINUE)) {
            return;
          }
          continued[0] = true;
          holder[0] = holder[0].getBuffer(CONTINUE.length(), holder[0].length());
          socket.write(body == null ? Buffer.buffer() : body);
        }
        Buffer received = holder[0];
        String text = received.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
          return;
        }
        Map<String, String> headers = new TreeMap<>();
        String[] lines = text.substring(0, end).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (received.length() >= end + 4 + length) {
          reply.tryComplete(new Reply(lines[0], headers, received.getBuffer(end + 4, end + 4 + length), continued[0]));
          socket.close();
        }
      });
      socket.closeHandler(v -> reply.tryFail("the server closed the connection before a whole reply"));
      Buffer first = Buffer.buffer(head, "ISO-8859-1");
      if (!expectsContinue && body != null) {
        first.appendBuffer(body);
      }
      return socket.write(first).compose(v -> reply.future());
    }).eventually(client::close);
  }
}
