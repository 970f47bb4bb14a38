package org.hypergrid.shell;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.spi.NodeSettings;
import org.hypergrid.spi.ServiceModule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's configuration, in increasing precedence: the built-in defaults, the {@code -conf}
 * file (deep-merged; its {@code services} and {@code http} sections replace the defaults' whole),
 * system properties {@code hg.<path>} (e.g. {@code -Dhg.http.public.port=9102}), then environment
 * variables {@code HG_<PATH>} (e.g. {@code HG_HTTP_PUBLIC_PORT=9102}); system properties and the
 * environment are read through vertx-config's {@link ConfigRetriever}.
 *
 * <p>An environment name is matched against the keys already there, level by level, without
 * regard to case ({@code HG_STORAGE_DATADIR} is {@code storage.dataDir}); a level the config lacks
 * is created from one word in lower case ({@code HG_SERVICES_ASSETS_VIA} creates
 * {@code services.assets.via}). A value replacing a number, a boolean, a list or an object is read
 * as that; a list also takes a comma-separated form ({@code HG_HTTP_PRIVATE_MOUNTS=services,health})
 * and any list or object takes JSON ({@code HG_REGIONS=[{"id":"…","name":"Welcome"}]}).
 */
public final class NodeConfig {

  /** Shortest shared access token accepted for private services bound beyond loopback. */
  static final int MIN_TOKEN_LENGTH = 16;
  public static final String ENV_PREFIX = "HG_";
  public static final String SYS_PREFIX = "hg.";

  private NodeConfig() {
  }

  public static JsonObject defaults() {
    try (InputStream in = NodeConfig.class.getResourceAsStream("/default-config.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("default-config.json missing from the classpath", e);
    }
  }

  /** Reads system properties and the environment with vertx-config, then {@link #resolve}s. */
  public static Future<JsonObject> load(Vertx vertx, JsonObject given) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setIncludeDefaultStores(false)
      .addStore(new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("cache", false).put("raw-data", true)))
      .addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("raw-data", true))));
    return retriever.getConfig()
      .eventually(retriever::close)
      .compose(read -> {
        Map<String, String> sys = new TreeMap<>();
        Map<String, String> env = new TreeMap<>();
        read.forEach(entry -> {
          if (entry.getKey().startsWith(SYS_PREFIX)) {
            sys.put(entry.getKey(), String.valueOf(entry.getValue()));
          } else if (entry.getKey().startsWith(ENV_PREFIX)) {
            env.put(entry.getKey(), String.valueOf(entry.getValue()));
          }
        });
        try {
          return Future.succeededFuture(resolve(given, sys, env));
        } catch (IllegalArgumentException e) {
          return Future.failedFuture(e);
        }
      });
  }

  /** Defaults ← given ← environment; then validated. */
  public static JsonObject resolve(JsonObject given, Map<String, String> env) {
    return resolve(given, Map.of(), env);
  }

  /** Defaults ← given ← system properties ({@code hg.*}) ← environment ({@code HG_*}); then validated. */
  public static JsonObject resolve(JsonObject given, Map<String, String> sys, Map<String, String> env) {
    JsonObject config = defaults().mergeIn(given == null ? new JsonObject() : given, true);
    // A config that lists its own services or HTTP servers means exactly those, not the defaults plus.
    for (String wholesale : List.of("services", "http")) {
      if (given != null && given.containsKey(wholesale)) {
        config.put(wholesale, given.getJsonObject(wholesale).copy());
      }
    }
    List<String> problems = new ArrayList<>();
    sys.forEach((name, value) -> {
      if (name.startsWith(SYS_PREFIX) && name.length() > SYS_PREFIX.length()) {
        override(config, List.of(name.substring(SYS_PREFIX.length()).split("\\.")), false, name, value, problems);
      }
    });
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        override(config, List.of(name.substring(ENV_PREFIX.length()).split("_")), true, name, value, problems);
      }
    });
    defaultHosts(config);
    validate(config, problems);
    return config;
  }

  /**
   * Sets the leaf that {@code words} name. From the environment ({@code loose}) a key is matched
   * by its name in capitals with '-' as '_', over as many words as it spans; a level the config
   * lacks takes one word in lower case.
   */
  private static void override(JsonObject config, List<String> words, boolean loose, String source, String text,
                               List<String> problems) {
    JsonObject node = config;
    int at = 0;
    while (true) {
      String key = null;
      int span = 1;
      if (loose) {
        for (String candidate : node.fieldNames()) {
          String[] parts = candidate.toUpperCase(Locale.ROOT).replace('-', '_').split("_");
          if (at + parts.length <= words.size()
            && Arrays.equals(parts, words.subList(at, at + parts.length).stream()
              .map(w -> w.toUpperCase(Locale.ROOT)).toArray(String[]::new))
            && (key == null || parts.length > span)) {
            key = candidate;
            span = parts.length;
          }
        }
        if (key == null) {
          key = words.get(at).toLowerCase(Locale.ROOT);
        }
      } else {
        key = words.get(at);
      }
      at += span;
      if (at >= words.size()) {
        try {
          node.put(key, typed(node.getValue(key), text.trim()));
        } catch (NumberFormatException e) {
          problems.add(source + " must be a whole number, not '" + text + "'");
        } catch (DecodeException | ClassCastException e) {
          problems.add(source + " must be JSON of the kind it replaces, not '" + text + "'");
        }
        return;
      }
      Object child = node.getValue(key);
      if (!(child instanceof JsonObject)) {
        if (child != null) {
          problems.add(source + " names a key inside '" + key + "', which is not a section");
          return;
        }
        child = new JsonObject();
        node.put(key, child);
      }
      node = (JsonObject) child;
    }
  }

  /** The override in the type of the value it replaces (for a new key: what the text looks like). */
  private static Object typed(Object value, String text) {
    if (value instanceof Integer) {
      return Integer.parseInt(text);
    }
    if (value instanceof Long) {
      return Long.parseLong(text);
    }
    if (value instanceof Boolean) {
      return Boolean.parseBoolean(text);
    }
    if (value instanceof JsonArray) {
      return text.startsWith("[") ? new JsonArray(text)
        : new JsonArray(Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList());
    }
    if (value instanceof JsonObject) {
      return new JsonObject(text);
    }
    if (value == null) {
      if (text.startsWith("[") || text.startsWith("{")) {
        return Json.decodeValue(text);
      }
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
      if (text.matches("-?\\d{1,9}")) {
        return Integer.parseInt(text);
      }
    }
    return text;
  }

  /** A server that mounts private services binds loopback unless its host is set; others bind all. */
  private static void defaultHosts(JsonObject config) {
    JsonObject servers = config.getJsonObject("http", new JsonObject());
    for (String name : servers.fieldNames()) {
      if (servers.getValue(name) instanceof JsonObject server && !server.containsKey("host")) {
        server.put("host", privateMounts(server).isEmpty() ? "0.0.0.0" : "127.0.0.1");
      }
    }
  }

  /** The private mounts of one HTTP server. */
  public static List<String> privateMounts(JsonObject server) {
    Map<String, Modules.Owned> mounts = Modules.mounts();
    return server.getJsonArray("mounts", new JsonArray()).stream().map(String::valueOf)
      .filter(name -> mounts.containsKey(name) && !mounts.get(name).mount().isPublic()).toList();
  }

  static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.startsWith("127.") || h.equalsIgnoreCase("localhost") || h.equals("::1");
  }

  /** The shared sections of a config already validated. */
  static NodeSettings settings(JsonObject config) {
    List<String> problems = new ArrayList<>();
    NodeSettings settings = NodeSettings.read(config, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Bad configuration:\n  - " + String.join("\n  - ", problems));
    }
    return settings;
  }

  /** The configured services, each after those it uses (the config is valid). */
  static List<String> serviceOrder(JsonObject config) {
    return Modules.dependencyOrder(config.getJsonObject("services").fieldNames(), new ArrayList<>());
  }

  /** Fails with every problem found, so an operator fixes the file in one go. */
  static void validate(JsonObject config, List<String> problems) {
    JsonObject services = config.getJsonObject("services", new JsonObject());
    for (String name : services.fieldNames()) {
      ServiceModule module = Modules.get(name);
      if (module == null) {
        problems.add("unknown service '" + name + "' (known: " + String.join(", ", Modules.all().keySet()) + ")");
        continue;
      }
      JsonObject entry = services.getValue(name) instanceof JsonObject e ? e : new JsonObject();
      String via = entry.getString("via", "");
      switch (via) {
        case "local", "bus" -> {
        }
        case "http" -> {
          String url = entry.getString("url", "");
          if (!url.startsWith("http://") && !url.startsWith("https://")) {
            problems.add("service '" + name + "' is reached via http but has no url (http://host:port)");
          }
        }
        default -> problems.add("service '" + name + "': via must be local, bus or http, not '" + via + "'");
      }
      module.validate(config, problems);
    }
    if (services.isEmpty()) {
      problems.add("no service is configured: list at least one under 'services'");
    }
    Modules.dependencyOrder(services.fieldNames(), problems);
    validateServers(config, problems);
    NodeSettings.read(config, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Bad configuration:\n  - "
        + String.join("\n  - ", new LinkedHashSet<>(problems)));
    }
  }

  private static void validateServers(JsonObject config, List<String> problems) {
    JsonObject services = config.getJsonObject("services", new JsonObject());
    Map<String, Modules.Owned> known = Modules.mounts();
    JsonObject servers = config.getJsonObject("http", new JsonObject());
    String token = config.getJsonObject("security", new JsonObject()).getString("accessToken", "");
    for (String server : servers.fieldNames()) {
      if (!(servers.getValue(server) instanceof JsonObject http)) {
        problems.add("http." + server + " must be a section with port and mounts");
        continue;
      }
      ConnectionSettings.read(config, server, problems);
      Object port = http.getValue("port");
      if (!(port instanceof Integer p) || p < 0 || p > 65535) {
        problems.add("http." + server + ".port must be a port number");
      }
      List<String> publicMounts = new ArrayList<>();
      for (Object item : http.getJsonArray("mounts", new JsonArray())) {
        String mount = String.valueOf(item);
        Modules.Owned owned = known.get(mount);
        if (owned == null) {
          problems.add("http." + server + " mounts unknown '" + mount + "' (known: " + String.join(", ", known.keySet()) + ")");
        } else if (owned.module() != null && !services.containsKey(owned.module())) {
          problems.add("http." + server + " mounts '" + mount + "' of service '" + owned.module()
            + "', which this node does not configure");
        } else if (owned.mount().isPublic()) {
          publicMounts.add(mount);
        }
      }
      List<String> privateMounts = privateMounts(http);
      if (!publicMounts.isEmpty()) {
        privateMounts.forEach(mount -> problems.add("http." + server + " must not mount '" + mount
          + "' next to " + publicMounts + ": it is a private service; give it a server of its own"));
      } else if (!privateMounts.isEmpty() && !isLoopback(http.getString("host", "127.0.0.1"))
        && token.length() < MIN_TOKEN_LENGTH) {
        problems.add("http." + server + " binds " + http.getString("host") + " with private mounts " + privateMounts
          + ": set security.accessToken (HG_SECURITY_ACCESSTOKEN, at least " + MIN_TOKEN_LENGTH
          + " characters) so callers must prove themselves, or bind 127.0.0.1");
      }
    }
  }
}
