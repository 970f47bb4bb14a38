package org.hypergrid.assets.xml;

import io.vertx.core.buffer.Buffer;
import org.hypergrid.assets.api.AssetBase;
import org.hypergrid.wire.Uuids;
import org.hypergrid.wire.XmlReplyParser;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * OpenSim's default asset sets, read as its file-system asset loader reads them: an
 * {@code AssetSets.xml} (Nini XML) whose sections each name a set file ({@code file}, relative to
 * the AssetSets.xml's folder); each set file's sections are assets ({@code assetID}, {@code name},
 * {@code assetType}, {@code inventoryType}, {@code fileName} relative to the set file's folder),
 * whose data are the named file's bytes. Everything is read before anything is handed over: a
 * missing or broken file fails the whole load with what and where, never a part of it.
 */
public final class AssetSets {

  private static final XMLInputFactory FACTORY = XmlReplyParser.secureFactory();

  private AssetSets() {
  }

  /** Every asset of every set {@code assetSets} lists; blocking (files), so call it off the event loop. */
  public static List<AssetBase> read(Path assetSets) {
    List<AssetBase> assets = new ArrayList<>();
    Path folder = assetSets.toAbsolutePath().getParent();
    for (Map.Entry<String, Map<String, String>> set : sections(assetSets).entrySet()) {
      String file = set.getValue().get("file");
      if (file == null || file.isBlank()) {
        throw new IllegalArgumentException(assetSets + ": section '" + set.getKey() + "' names no file");
      }
      Path setFile = folder.resolve(file);
      Path setFolder = setFile.getParent();
      for (Map.Entry<String, Map<String, String>> entry : sections(setFile).entrySet()) {
        assets.add(asset(setFile, setFolder, entry.getKey(), entry.getValue()));
      }
    }
    return assets;
  }

  private static AssetBase asset(Path setFile, Path folder, String section, Map<String, String> keys) {
    String where = setFile + ", section '" + section + "'";
    String id = keys.getOrDefault("assetID", UUID.randomUUID().toString());
    if (!Uuids.isUuid(id)) {
      throw new IllegalArgumentException(where + ": assetID '" + id + "' is not a UUID");
    }
    String fileName = keys.getOrDefault("fileName", "");
    byte[] data;
    try {
      data = fileName.isEmpty() ? new byte[0] : Files.readAllBytes(folder.resolve(fileName));
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": cannot read " + folder.resolve(fileName) + ": " + e.getMessage(), e);
    }
    AssetBase asset = new AssetBase().setFullId(id.toLowerCase()).setName(keys.getOrDefault("name", ""))
      .setDescription("").setType(number(where, keys, "assetType")).setCreatorId("").setData(Buffer.buffer(data));
    return asset.setId(asset.getFullId());
  }

  private static int number(String where, Map<String, String> keys, String key) {
    try {
      return Integer.parseInt(keys.getOrDefault(key, "0").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": " + key + " is not a number");
    }
  }

  /** A Nini XML file: section name → its keys and values, in file order. */
  private static Map<String, Map<String, String>> sections(Path file) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader xml = FACTORY.createXMLStreamReader(in);
      Map<String, String> current = null;
      while (xml.hasNext()) {
        if (xml.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String element = xml.getLocalName();
        String name = xml.getAttributeValue(null, "Name");
        if (element.equals("Section")) {
          current = sections.computeIfAbsent(name == null ? "" : name, k -> new LinkedHashMap<>());
        } else if (element.equals("Key") && current != null && name != null) {
          current.putIfAbsent(name, String.valueOf(xml.getAttributeValue(null, "Value")));
        }
      }
      return sections;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read asset set file " + file + ": " + e.getMessage(), e);
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("asset set file " + file + " is not well-formed XML: " + e.getMessage(), e);
    }
  }
}
