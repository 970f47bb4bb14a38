package org.hypergrid.support;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reply read as OpenSim's connectors read it (ServerUtils.ParseXmlResponse): from the first
 * {@code ServerResponse}, each child element becomes its text, or, with {@code type="List"}, a
 * nested map of its children; an empty element is ""; a reply that does not parse is an empty
 * map (the connector then sees "no result"). For checking our replies in cases the recorded
 * vectors do not show.
 */
public final class RobustReplyReader {

  private RobustReplyReader() {
  }

  public static Map<String, Object> read(String xml) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(xml));
      while (reader.hasNext()) {
        if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("ServerResponse")) {
          return children(reader);
        }
      }
      return Map.of();
    } catch (XMLStreamException e) {
      return Map.of();
    }
  }

  /** The children of the element the reader is on, up to its end. */
  private static Map<String, Object> children(XMLStreamReader reader) throws XMLStreamException {
    Map<String, Object> values = new LinkedHashMap<>();
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.END_ELEMENT) {
        return values;
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        String name = reader.getLocalName();
        if ("List".equals(reader.getAttributeValue(null, "type"))) {
          values.put(name, children(reader));
        } else {
          values.put(name, reader.getElementText());
        }
      }
    }
    return values;
  }
}
