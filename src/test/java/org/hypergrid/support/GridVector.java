package org.hypergrid.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One recorded exchange of {@code vectors/grid/} (OpenSim 0.9.2.2's bytes): the request as the
 * server received it and the reply as the client received it, each split into its start line,
 * headers and body; replayed against our node and compared byte for byte, except the values the
 * recording itself calls volatile (GridUser's login and logout times, which must still be times
 * in OpenSim's format).
 */
public record GridVector(String name, String requestLine, Map<String, String> requestHeaders, String requestBody,
                         int status, Map<String, String> replyHeaders, String replyBody) {

  private static final Pattern TIME = Pattern.compile("<(Login|Logout)>(\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M)"
    + "</(Login|Logout)>");

  public static GridVector load(String name) {
    String request = Vectors.text("grid/" + name + ".req");
    String reply = Vectors.text("grid/" + name + ".res");
    int requestSplit = request.indexOf("\r\n\r\n");
    int replySplit = reply.indexOf("\r\n\r\n");
    String[] requestHead = request.substring(0, requestSplit).split("\r\n");
    String[] replyHead = reply.substring(0, replySplit).split("\r\n");
    return new GridVector(name, requestHead[0], headers(requestHead), request.substring(requestSplit + 4),
      Integer.parseInt(replyHead[0].split(" ")[1]), headers(replyHead), reply.substring(replySplit + 4));
  }

  private static Map<String, String> headers(String[] lines) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
    }
    return headers;
  }

  /** The path the request was sent to ({@code /friends}, …). */
  public String path() {
    return requestLine.split(" ")[1];
  }

  /** Sends the recorded request (path, content type, body bytes) to {@code baseUrl}. */
  public HttpResponse<Buffer> send(WebClient http, String baseUrl) {
    return TestGrid.await(http.postAbs(baseUrl + path()).putHeader("Content-Type", requestHeaders.get("content-type"))
      .sendBuffer(Buffer.buffer(requestBody)));
  }

  /** Replays the request and asserts our status, content type and body are the recording's. */
  public HttpResponse<Buffer> replay(WebClient http, String baseUrl) {
    HttpResponse<Buffer> ours = send(http, baseUrl);
    assertEquals(status, ours.statusCode(), name + ": status");
    assertEquals(replyHeaders.get("content-type"), ours.getHeader("Content-Type"), name + ": content type");
    assertEquals(withoutTimes(replyBody), withoutTimes(ours.bodyAsString()), name + ": body");
    return ours;
  }

  /** Login and logout times stand for "a time" (the epoch stays itself: it means never). */
  public static String withoutTimes(String body) {
    return TIME.matcher(body).replaceAll(match -> match.group(2).equals("1/1/1970 12:00:00 AM") ? match.group()
      : "<" + match.group(1) + ">(a time)</" + match.group(3) + ">");
  }
}
