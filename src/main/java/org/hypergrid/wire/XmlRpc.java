package org.hypergrid.wire;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The XML-RPC subset OpenSim's user-agent service speaks: one struct of string members as the
 * only parameter and as the response. Values are read whether or not they are wrapped in a
 * type element ({@code <value>x</value>} and {@code <value><string>x</string></value>}).
 */
public final class XmlRpc {

  private static final XMLInputFactory FACTORY = XmlReplyParser.secureFactory();

  /** A parsed call: the method and its first parameter's struct. */
  public record Call(String method, Map<String, String> params) {
  }

  private XmlRpc() {
  }

  public static String call(String method, Map<String, String> struct) {
    return "<methodCall><methodName>" + XmlReplies.escape(method) + "</methodName><params><param>"
      + struct(struct) + "</param></params></methodCall>";
  }

  public static String response(Map<String, String> struct) {
    return "<?xml version=\"1.0\"?><methodResponse><params><param>" + struct(struct)
      + "</param></params></methodResponse>";
  }

  public static String fault(int code, String message) {
    return "<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
      + "<member><name>faultCode</name><value><int>" + code + "</int></value></member>"
      + "<member><name>faultString</name><value><string>" + XmlReplies.escape(message)
      + "</string></value></member></struct></value></fault></methodResponse>";
  }

  private static String struct(Map<String, String> members) {
    StringBuilder xml = new StringBuilder("<value><struct>");
    members.forEach((name, value) -> xml.append("<member><name>").append(XmlReplies.escape(name))
      .append("</name><value><string>").append(XmlReplies.escape(value))
      .append("</string></value></member>"));
    return xml.append("</struct></value>").toString();
  }

  /** Parses a methodCall; IllegalArgumentException when it is not one. */
  public static Call parseCall(String xml) {
    String[] method = {null};
    Map<String, String> params = parse(xml, "methodCall", method);
    if (method[0] == null || method[0].isBlank()) {
      throw new IllegalArgumentException("methodCall without methodName");
    }
    return new Call(method[0].trim(), params);
  }

  /** Parses a methodResponse's struct (a fault's struct too: faultCode, faultString). */
  public static Map<String, String> parseResponse(String xml) {
    return parse(xml, "methodResponse", new String[1]);
  }

  private static Map<String, String> parse(String xml, String root, String[] method) {
    Map<String, String> members = new LinkedHashMap<>();
    try {
      XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
      boolean sawRoot = false;
      String memberName = null;
      while (reader.hasNext()) {
        if (reader.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        switch (reader.getLocalName()) {
          case "methodCall", "methodResponse" -> sawRoot = root.equals(reader.getLocalName());
          case "methodName" -> method[0] = reader.getElementText();
          case "name" -> memberName = reader.getElementText().trim();
          case "value" -> {
            if (memberName != null) {
              members.putIfAbsent(memberName, valueText(reader));
              memberName = null;
            }
          }
          default -> {
          }
        }
      }
      reader.close();
      if (!sawRoot) {
        throw new IllegalArgumentException("not an XML-RPC " + root);
      }
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("malformed XML-RPC: " + e.getMessage(), e);
    }
    return members;
  }

  /** Text of a {@code <value>}, typed ({@code <string>}, {@code <int>}...) or bare. */
  private static String valueText(XMLStreamReader reader) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    int depth = 1;
    while (depth > 0 && reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
        text.append(reader.getText());
      }
    }
    return text.toString().trim();
  }
}
