package org.hypergrid.assets.xml;

import io.vertx.core.buffer.Buffer;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.assets.api.AssetFlags;
import org.hypergrid.wire.Uuids;
import org.hypergrid.wire.XmlReplyParser;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * OpenSim 0.9's asset XML, as .NET's {@code XmlSerializer} writes and reads it: replies start with
 * a UTF-8 BOM and the XML declaration and are indented by two spaces with {@code \n}, no trailing
 * newline; requests are the same on one line. Elements come in .NET's order; an empty text is
 * written {@code <X />}; in text only {@code & < >} are escaped.
 */
public final class AssetXml {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  /** Where the data goes; text never contains it (the writer drops control characters). */
  private static final String DATA_MARK = "\u0001DATA\u0001";
  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
  private static final String NAMESPACES = " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
    + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
  private static final XMLInputFactory FACTORY = XmlReplyParser.secureFactory();
  /** The dates this store never fills, as OpenSim writes them. */
  private static final String NO_DATE = "0001-01-01T00:00:00";
  private static final String[] FLAG_NAMES = {"Maptile", "Rewritable", "Collectable"};
  private static final Map<Integer, String> CONTENT_TYPES = Map.ofEntries(
    Map.entry(0, "image/x-j2c"), Map.entry(1, "audio/ogg"), Map.entry(2, "application/vnd.ll.callingcard"),
    Map.entry(3, "application/vnd.ll.landmark"), Map.entry(5, "application/vnd.ll.clothing"),
    Map.entry(6, "application/vnd.ll.primitive"), Map.entry(7, "application/vnd.ll.notecard"),
    Map.entry(10, "application/vnd.ll.lsltext"), Map.entry(11, "application/vnd.ll.lslbyte"),
    Map.entry(12, "image/tga"), Map.entry(13, "application/vnd.ll.bodypart"), Map.entry(17, "audio/x-wav"),
    Map.entry(18, "image/tga"), Map.entry(19, "image/jpeg"), Map.entry(20, "application/vnd.ll.animation"),
    Map.entry(21, "application/vnd.ll.gesture"), Map.entry(22, "application/x-metaverse-simstate"),
    Map.entry(24, "application/vnd.ll.link"), Map.entry(25, "application/vnd.ll.linkfolder"),
    Map.entry(49, "application/vnd.ll.mesh"));

  private AssetXml() {
  }

  /** The MIME type OpenSim derives from an asset type (also the metadata reply's Content-Type). */
  public static String contentType(int type) {
    return CONTENT_TYPES.getOrDefault(type, "application/octet-stream");
  }

  // ---- writing

  /** {@code GET /assets/<id>}'s reply body. */
  public static Buffer assetReply(AssetBase asset) {
    return withData(assetBody(asset, true), true, asset.getData());
  }

  /** The body OpenSim's client posts to store or update an asset. */
  public static Buffer assetRequest(AssetBase asset) {
    return withData(assetBody(asset, false), false, asset.getData());
  }

  /**
   * The document with the data's base64 put in place of {@link #DATA_MARK}, as bytes: base64
   * needs no escaping, and a megabyte of it is not worth a trip through a String.
   */
  private static Buffer withData(Writer body, boolean indented, Buffer data) {
    if (data == null) {
      return document(body, indented);
    }
    String text = DECLARATION + (indented ? "\n" : "") + body.text();
    int at = text.indexOf(DATA_MARK);
    byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = text.substring(at + DATA_MARK.length()).getBytes(StandardCharsets.UTF_8);
    byte[] base64 = Base64.getEncoder().encode(data.getBytes());
    return Buffer.buffer(BOM.length + head.length + base64.length + tail.length).appendBytes(BOM).appendBytes(head)
      .appendBytes(base64).appendBytes(tail);
  }

  /** {@code GET /assets/<id>/metadata}'s reply body. */
  public static Buffer metadataReply(AssetBase asset) {
    Writer w = new Writer(true);
    w.open("AssetMetadata", NAMESPACES);
    w.guid("FullID", asset.getFullId());
    w.element("ID", asset.getId());
    w.element("Name", asset.getName());
    w.element("Description", asset.getDescription());
    w.element("CreationDate", NO_DATE);
    w.element("Type", String.valueOf(asset.getType()));
    w.element("ContentType", contentType(asset.getType()));
    w.element("Local", String.valueOf(asset.isLocal()));
    w.element("Temporary", String.valueOf(asset.isTemporary()));
    w.element("CreatorID", asset.getCreatorId());
    w.element("Flags", flagNames(asset.getFlags()));
    w.close("AssetMetadata");
    return document(w, true);
  }

  public static Buffer stringReply(String value) {
    return primitive("string", value);
  }

  public static Buffer booleanReply(boolean value) {
    return primitive("boolean", String.valueOf(value));
  }

  public static Buffer booleansReply(List<Boolean> values) {
    Writer w = new Writer(true);
    w.open("ArrayOfBoolean", NAMESPACES);
    values.forEach(value -> w.element("boolean", String.valueOf(value)));
    w.close("ArrayOfBoolean");
    return document(w, true);
  }

  public static Buffer stringsRequest(List<String> values) {
    Writer w = new Writer(false);
    w.open("ArrayOfString", NAMESPACES);
    values.forEach(value -> w.element("string", value));
    w.close("ArrayOfString");
    return document(w, false);
  }

  private static Writer assetBody(AssetBase asset, boolean indented) {
    Writer w = new Writer(indented);
    w.open("AssetBase", NAMESPACES);
    if (asset.getData() != null) {
      w.element("Data", asset.getData().length() == 0 ? "" : DATA_MARK);
    }
    w.guid("FullID", asset.getFullId());
    w.element("ID", asset.getId());
    w.element("Name", asset.getName());
    w.element("Description", asset.getDescription());
    w.element("Type", String.valueOf(asset.getType()));
    w.element("UploadAttempts", "0");
    w.element("Local", String.valueOf(asset.isLocal()));
    w.element("Temporary", String.valueOf(asset.isTemporary()));
    w.element("CreatorID", asset.getCreatorId());
    w.element("Flags", flagNames(asset.getFlags()));
    w.close("AssetBase");
    return w;
  }

  private static Buffer primitive(String element, String value) {
    Writer w = new Writer(true);
    w.element(element, value);
    return document(w, true);
  }

  private static Buffer document(Writer body, boolean indented) {
    String text = DECLARATION + (indented ? "\n" : "") + body.text();
    return Buffer.buffer(BOM.length + text.length() * 2).appendBytes(BOM).appendString(text, "UTF-8");
  }

  static String flagNames(int flags) {
    List<String> names = new ArrayList<>();
    for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
      if ((flags & (1 << bit)) != 0) {
        names.add(FLAG_NAMES[bit]);
      }
    }
    return names.isEmpty() ? "Normal" : String.join(" ", names);
  }

  /** Writes elements one per line (indented) or all on one line. */
  private static final class Writer {
    private final boolean indented;
    private final StringBuilder out = new StringBuilder(256);
    private int depth;

    Writer(boolean indented) {
      this.indented = indented;
    }

    void open(String name, String attributes) {
      line().append('<').append(name).append(attributes).append('>');
      depth++;
    }

    void close(String name) {
      depth--;
      line().append("</").append(name).append('>');
    }

    void element(String name, String text) {
      StringBuilder line = line();
      if (text == null || text.isEmpty()) {
        line.append('<').append(name).append(" />");
      } else {
        line.append('<').append(name).append('>');
        if (text.equals(DATA_MARK)) {
          line.append(text);
        } else {
          escape(text, line);
        }
        line.append("</").append(name).append('>');
      }
    }

    void guid(String name, String uuid) {
      open(name, "");
      element("Guid", uuid == null ? AssetBase.ZERO_ID : uuid.toLowerCase(Locale.ROOT));
      close(name);
    }

    private StringBuilder line() {
      if (indented && out.length() > 0) {
        out.append('\n');
      }
      if (indented) {
        out.append("  ".repeat(depth));
      }
      return out;
    }

    String text() {
      return out.toString();
    }

    private static void escape(String text, StringBuilder out) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '&' -> out.append("&amp;");
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '\r' -> out.append("&#xD;");
          default -> {
            // Characters XML 1.0 cannot carry are dropped rather than making the document unreadable.
            if (c >= 0x20 || c == '\t' || c == '\n') {
              out.append(c);
            }
          }
        }
      }
    }
  }

  // ---- reading

  /** An {@code AssetBase} document (a store or update body, or a get reply). */
  public static AssetBase parseAsset(Buffer body) {
    return parseAsset(body, "AssetBase");
  }

  /** An {@code AssetMetadata} document (the metadata reply). */
  public static AssetBase parseMetadata(Buffer body) {
    return parseAsset(body, "AssetMetadata");
  }

  private static AssetBase parseAsset(Buffer body, String root) {
    AssetBase asset = new AssetBase();
    read(body, root, (reader, name) -> {
      switch (name) {
        // Strict, as .NET's: whitespace is allowed, any other character outside base64 is an error.
        case "Data" -> asset.setData(Buffer.buffer(Base64.getDecoder().decode(withoutWhitespace(text(reader)))));
        case "FullID" -> asset.setFullId(guid(reader));
        case "ID" -> asset.setId(text(reader));
        case "Name" -> asset.setName(text(reader));
        case "Description" -> asset.setDescription(text(reader));
        case "Type" -> asset.setType(signedByte(text(reader)));
        case "Local" -> asset.setLocal(bool(text(reader)));
        case "Temporary" -> asset.setTemporary(bool(text(reader)));
        case "CreatorID" -> asset.setCreatorId(text(reader));
        case "Flags" -> asset.setFlags(flags(text(reader)));
        case "ContentType" -> typeOf(text(reader), asset);
        default -> skip(reader);
      }
    });
    return asset;
  }

  /** {@code <ArrayOfString>}: the ids of {@code /get_assets_exist}. */
  public static List<String> parseStrings(Buffer body) {
    List<String> values = new ArrayList<>();
    read(body, "ArrayOfString", (reader, name) -> {
      if (name.equals("string")) {
        values.add(text(reader));
      } else {
        skip(reader);
      }
    });
    return values;
  }

  public static List<Boolean> parseBooleans(Buffer body) {
    List<Boolean> values = new ArrayList<>();
    read(body, "ArrayOfBoolean", (reader, name) -> {
      if (name.equals("boolean")) {
        values.add(bool(text(reader)));
      } else {
        skip(reader);
      }
    });
    return values;
  }

  /** A primitive reply, {@code <string>…</string>} or {@code <boolean>…</boolean>}: its text. */
  public static String parsePrimitive(Buffer body, String root) {
    return withRoot(body, root, XMLStreamReader::getElementText);
  }

  public static boolean bool(String text) {
    return switch (text.trim()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("not an xs:boolean: " + text);
    };
  }

  @FunctionalInterface
  private interface ChildReader {
    void child(XMLStreamReader reader, String name) throws XMLStreamException;
  }

  @FunctionalInterface
  private interface RootReader<T> {
    T read(XMLStreamReader reader) throws XMLStreamException;
  }

  /** Reads the root's children one by one; anything not well-formed or of another root is refused. */
  private static void read(Buffer body, String root, ChildReader children) {
    withRoot(body, root, reader -> {
      while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
        children.child(reader, reader.getLocalName());
      }
      while (reader.hasNext()) {
        reader.next();
      }
      return null;
    });
  }

  /** Opens the document, checks its root element, and reads on from there. */
  private static <T> T withRoot(Buffer body, String root, RootReader<T> rest) {
    try {
      XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body.getBytes()));
      try {
        reader.nextTag();
        if (!reader.getLocalName().equals(root)) {
          throw new IllegalArgumentException("the document is a " + reader.getLocalName() + ", not a " + root);
        }
        return rest.read(reader);
      } finally {
        reader.close();
      }
    } catch (XMLStreamException | IllegalStateException e) {
      throw new IllegalArgumentException("not a well-formed " + root + ": " + e.getMessage(), e);
    }
  }

  private static String text(XMLStreamReader reader) throws XMLStreamException {
    return reader.getElementText();
  }

  private static String guid(XMLStreamReader reader) throws XMLStreamException {
    String guid = AssetBase.ZERO_ID;
    while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
      if (reader.getLocalName().equals("Guid")) {
        String text = reader.getElementText().trim();
        if (!Uuids.isUuid(text)) {
          throw new IllegalArgumentException("not a Guid: " + text);
        }
        guid = text.toLowerCase(Locale.ROOT);
      } else {
        skip(reader);
      }
    }
    return guid;
  }

  /** The text with whitespace removed; most texts have none and are returned as they are. */
  private static String withoutWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return text.replaceAll("\\s", "");
      }
    }
    return text;
  }

  private static void skip(XMLStreamReader reader) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  private static int signedByte(String text) {
    int value = Integer.parseInt(text.trim());
    if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("an asset type is a signed byte, not " + text);
    }
    return value;
  }

  static int flags(String text) {
    int flags = 0;
    for (String name : text.trim().split("\\s+")) {
      switch (name) {
        case "Normal", "" -> {
        }
        case "Maptile" -> flags |= AssetFlags.MAPTILE;
        case "Rewritable" -> flags |= AssetFlags.REWRITABLE;
        case "Collectable" -> flags |= AssetFlags.COLLECTABLE;
        default -> throw new IllegalArgumentException("unknown asset flag " + name);
      }
    }
    return flags;
  }

  /** As OpenSim: setting a known content type also sets the type. */
  private static void typeOf(String contentType, AssetBase asset) {
    CONTENT_TYPES.forEach((type, mime) -> {
      if (mime.equals(contentType) && !contentType(asset.getType()).equals(mime)) {
        asset.setType(type);
      }
    });
  }
}
