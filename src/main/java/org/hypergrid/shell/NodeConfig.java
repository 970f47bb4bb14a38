package org.hypergrid.shell;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.api.Uui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A node's configuration: the built-in defaults, deep-merged with the {@code -conf} file, then
 * overridden from the environment. Every leaf key has an environment name: {@code HG_} and its
 * path in capitals joined by underscores, e.g. {@code http.public.port} → {@code HG_HTTP_PUBLIC_PORT},
 * {@code storage.dataDir} → {@code HG_STORAGE_DATADIR}. Mounts (a list) take a comma-separated value.
 */
public final class NodeConfig {

  public static final Set<String> SERVICES = Set.of("hgfriends", "friends", "presence", "grid", "usermanagement");
  public static final Set<String> MOUNTS = Set.of("hgfriends", "useragent", "friends-sim", "services", "regions",
    "health", "metrics", "monitor");
  /** Mounts that expose more than the public protocol: never on a server with public mounts. */
  public static final Set<String> PRIVATE_MOUNTS = Set.of("services", "regions", "health", "metrics", "monitor");
  /** What foreign grids and simulators call: the internet-facing protocol. */
  public static final Set<String> PUBLIC_MOUNTS = Set.of("hgfriends", "useragent", "friends-sim");
  /** Shortest shared access token accepted for private services bound beyond loopback. */
  static final int MIN_TOKEN_LENGTH = 16;
  public static final String ENV_PREFIX = "HG_";

  private NodeConfig() {
  }

  public static JsonObject defaults() {
    try (InputStream in = NodeConfig.class.getResourceAsStream("/default-config.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("default-config.json missing from the classpath", e);
    }
  }

  /** Defaults ← given ← environment; then validated. */
  public static JsonObject resolve(JsonObject given, Map<String, String> env) {
    JsonObject config = defaults().mergeIn(given == null ? new JsonObject() : given, true);
    // A config that lists its own services or HTTP servers means exactly those, not the defaults plus.
    for (String wholesale : List.of("services", "http")) {
      if (given != null && given.containsKey(wholesale)) {
        config.put(wholesale, given.getJsonObject(wholesale).copy());
      }
    }
    List<String> problems = new ArrayList<>();
    applyEnv(config, "", env, problems);
    defaultHosts(config);
    validate(config, problems);
    return config;
  }

  /** A server that mounts private services binds loopback unless its host is set; others bind all. */
  private static void defaultHosts(JsonObject config) {
    JsonObject servers = config.getJsonObject("http", new JsonObject());
    for (String name : servers.fieldNames()) {
      JsonObject server = servers.getJsonObject(name);
      if (!server.containsKey("host")) {
        server.put("host", privateMounts(server).isEmpty() ? "0.0.0.0" : "127.0.0.1");
      }
    }
  }

  /** The private mounts of one HTTP server. */
  public static List<String> privateMounts(JsonObject server) {
    return server.getJsonArray("mounts", new JsonArray()).stream().map(String::valueOf)
      .filter(PRIVATE_MOUNTS::contains).toList();
  }

  static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.startsWith("127.") || h.equalsIgnoreCase("localhost") || h.equals("::1");
  }

  /**
   * Replaces leaves named in the environment, keeping each leaf's type; a list (of mounts) takes a
   * comma-separated value. The regions list has no environment form.
   */
  private static void applyEnv(JsonObject node, String path, Map<String, String> env, List<String> problems) {
    for (String key : List.copyOf(node.fieldNames())) {
      Object value = node.getValue(key);
      String name = path + "_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
      if (value instanceof JsonObject child) {
        applyEnv(child, name, env, problems);
        continue;
      }
      String variable = ENV_PREFIX + name.substring(1);
      String override = env.get(variable);
      if (override == null || key.equals("regions")) {
        continue;
      }
      String text = override.trim();
      try {
        node.put(key, typed(value, text));
      } catch (NumberFormatException e) {
        problems.add(variable + " must be a whole number, not '" + override + "'");
      }
    }
  }

  /** The override in the type of the value it replaces. */
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
      return new JsonArray(Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList());
    }
    return text;
  }

  /** Fails with every problem found, so an operator fixes the file in one go. */
  static void validate(JsonObject config, List<String> problems) {
    JsonObject services = config.getJsonObject("services", new JsonObject());
    for (String name : services.fieldNames()) {
      if (!SERVICES.contains(name)) {
        problems.add("unknown service '" + name + "' (known: " + String.join(", ", sorted(SERVICES)) + ")");
        continue;
      }
      JsonObject entry = services.getJsonObject(name);
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
    }
    for (String name : SERVICES) {
      if (!services.containsKey(name)) {
        problems.add("service '" + name + "' is not configured: say how it is reached (via local, bus or http)");
      }
    }
    JsonObject servers = config.getJsonObject("http", new JsonObject());
    String token = config.getJsonObject("security", new JsonObject()).getString("accessToken", "");
    for (String server : servers.fieldNames()) {
      JsonObject http = servers.getJsonObject(server);
      Object port = http.getValue("port");
      if (!(port instanceof Integer p) || p < 0 || p > 65535) {
        problems.add("http." + server + ".port must be a port number");
      }
      List<String> publicMounts = new ArrayList<>();
      for (Object mount : http.getJsonArray("mounts", new JsonArray())) {
        if (!MOUNTS.contains(String.valueOf(mount))) {
          problems.add("http." + server + " mounts unknown '" + mount + "' (known: " + String.join(", ", sorted(MOUNTS)) + ")");
        } else if (PUBLIC_MOUNTS.contains(String.valueOf(mount))) {
          publicMounts.add(String.valueOf(mount));
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
    positive(config, "regionHost", "shardSize", problems);
    positive(config, "regionHost", "deployConcurrency", problems);
    positive(config, "regionHost", "claimRetryMs", problems);
    positive(config, "timeouts", "shutdownMs", problems);
    positive(config, "presence", "travelHours", problems);
    positive(config, "monitor", "reportMs", problems);
    for (Object item : config.getJsonArray("regions", new JsonArray())) {
      JsonObject region = item instanceof JsonObject r ? r : new JsonObject();
      if (!Uui.isUuid(region.getString("id")) || region.getString("name", "").isBlank()) {
        problems.add("every region needs a UUID id and a name: " + item);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Bad configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  private static void positive(JsonObject config, String section, String key, List<String> problems) {
    Object value = config.getJsonObject(section, new JsonObject()).getValue(key);
    if (!(value instanceof Number number) || number.longValue() <= 0) {
      problems.add(section + "." + key + " must be a positive number");
    }
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
