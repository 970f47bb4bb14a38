package org.hypergrid.wire;

import java.util.Map;

/**
 * The XML replies of OpenSim's Robust handlers, byte for byte: compact for
 * {@code statusnotification} (ServerUtils.BuildXmlResponse), indented with LF and two spaces
 * for everything else (XmlTextWriter on Mono), no BOM, no trailing newline.
 */
public final class XmlReplies {

  private static final String DECLARATION = "<?xml version=\"1.0\"?>";

  private XmlReplies() {
  }

  /** {@code <?xml version="1.0"?><ServerResponse><k>v</k>...</ServerResponse>}. */
  public static String compact(Map<String, String> elements) {
    StringBuilder xml = new StringBuilder(DECLARATION).append("<ServerResponse>");
    elements.forEach((name, text) -> element(xml, name, text));
    return xml.append("</ServerResponse>").toString();
  }

  /** BoolResult: {@code <RESULT>True|False</RESULT>}. */
  public static String bool(boolean value) {
    return indented("RESULT", value ? "True" : "False");
  }

  /** FailureResult: Mono writes an empty message as an element holding a newline and indent. */
  public static String failure(String message) {
    String text = message == null || message.isEmpty() ? "\n  " : escape(message);
    return DECLARATION + "\n<ServerResponse>\n  <RESULT>Failure</RESULT>\n  <Message>" + text
      + "</Message>\n</ServerResponse>";
  }

  /** SuccessResult(): note the mixed-case {@code Result} element, as OpenSim writes it. */
  public static String success() {
    return indented("Result", "Success");
  }

  /** SuccessResult(value). */
  public static String success(String value) {
    return DECLARATION + "\n<ServerResponse>\n  <RESULT>Success</RESULT>\n  <Value>" + escape(value)
      + "</Value>\n</ServerResponse>";
  }

  private static String indented(String name, String text) {
    return DECLARATION + "\n<ServerResponse>\n  <" + name + ">" + escape(text) + "</" + name
      + ">\n</ServerResponse>";
  }

  private static void element(StringBuilder xml, String name, String text) {
    xml.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
  }

  /** XmlDocument escapes exactly these three in text nodes. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
