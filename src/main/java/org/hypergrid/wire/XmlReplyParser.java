package org.hypergrid.wire;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a {@code <ServerResponse>} reply tolerantly: whitespace, indentation and element order
 * do not matter; the children of ServerResponse become name → text (first occurrence wins).
 * Malformed XML is an {@link IllegalArgumentException} the caller logs and treats as no answer.
 */
public final class XmlReplyParser {

  private static final XMLInputFactory FACTORY = secureFactory();

  private XmlReplyParser() {
  }

  public static Map<String, String> parse(String xml) {
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
      int depth = 0;
      boolean insideResponse = false;
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          if (depth == 1) {
            insideResponse = "ServerResponse".equals(reader.getLocalName());
          } else if (depth == 2 && insideResponse) {
            String name = reader.getLocalName();
            String text = reader.getElementText().trim();
            depth--;
            fields.putIfAbsent(name, text);
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
        }
      }
      reader.close();
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("malformed XML reply: " + e.getMessage(), e);
    }
    return fields;
  }

  public static XMLInputFactory secureFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return factory;
  }
}
