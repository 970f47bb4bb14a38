package org.hypergrid.wire;

import java.util.Map;

/**
 * The replies of ROBUST's grid-service handlers (presence, grid user, friends, grid), byte for
 * byte. Data replies are ServerUtils.BuildXmlResponse: unindented, a nested map written as an
 * element with {@code type="List"}, a null value left out, an empty response self-closed.
 * Success and Failure are Util.DocToBytes: indented with LF and two spaces; the result element's
 * name is the service's own ({@code result} for presence and grid user, {@code Result} for
 * friends and grid, which add an empty {@code Message} to a Failure).
 */
public final class RobustXml {

  private static final String DECLARATION = "<?xml version=\"1.0\"?>";

  private RobustXml() {
  }

  /** {@code <ServerResponse>} holding {@code elements}: each value a String or a nested Map (a "List"). */
  public static String data(Map<String, ?> elements) {
    if (elements.isEmpty()) {
      return DECLARATION + "<ServerResponse />";
    }
    StringBuilder xml = new StringBuilder(DECLARATION).append("<ServerResponse>");
    write(xml, elements);
    return xml.append("</ServerResponse>").toString();
  }

  /** {@code <result>null</result>}: what every getter answers for "nothing found". */
  public static String nullResult() {
    return DECLARATION + "<ServerResponse><result>null</result></ServerResponse>";
  }

  /** {@code <element>text</element>}, indented: Success or Failure under the service's element name. */
  public static String result(String element, String text) {
    return DECLARATION + "\n<ServerResponse>\n  <" + element + ">" + XmlReplies.escape(text) + "</" + element
      + ">\n</ServerResponse>";
  }

  /** Friends' and grid's Failure: {@code <Result>Failure</Result>} and the message (empty: an open and a close line). */
  public static String failureWithMessage(String message) {
    String text = message == null || message.isEmpty() ? "\n  " : XmlReplies.escape(message);
    return DECLARATION + "\n<ServerResponse>\n  <Result>Failure</Result>\n  <Message>" + text
      + "</Message>\n</ServerResponse>";
  }

  private static void write(StringBuilder xml, Map<String, ?> elements) {
    elements.forEach((name, value) -> {
      if (value instanceof Map<?, ?> nested) {
        xml.append('<').append(name).append(" type=\"List\">");
        @SuppressWarnings("unchecked")
        Map<String, ?> children = (Map<String, ?>) nested;
        write(xml, children);
        xml.append("</").append(name).append('>');
      } else if (value != null) {
        xml.append('<').append(name).append('>').append(XmlReplies.escape(String.valueOf(value))).append("</")
          .append(name).append('>');
      }
    });
  }
}
