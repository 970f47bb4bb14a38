package org.hypergrid.friends;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.SimulatorRegion;
import org.hypergrid.friends.engine.MembershipSettings;
import org.hypergrid.friends.engine.RegionHostSettings;
import org.hypergrid.spi.ConfigSection;
import org.hypergrid.spi.NodeSettings;
import org.hypergrid.wire.Uuids;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The friends family's own config sections, read once and validated at start: the regions this
 * node lists and how they are hosted, presence, the notifier, caches, the monitor, demo data.
 */
record FriendsSettings(RegionHostSettings regionHost, List<RegionInfo> regions, Duration travelTtl,
                       long snapshotWaitMs, long presenceBatchMs, long unplacedMs, long coalesceMs, long friendshipCacheEntries, Duration friendshipCacheTtl,
                       long invalidationAckMs, long userUrlsCacheSeconds,
                       long userFailureSeconds, int maxCachedUsers, Offers offers, long housekeepingMs, long reportMs,
                       String homeUri, String friendsServerUri, String allowedOrigin, Map<String, Integer> regionFlags,
                       JsonObject gridFeatures, Demo demo, MembershipSettings membership) {

  /** OpenSim's RegionFlags by the names ROBUST's {@code Region_<name>} settings use. */
  private static final Map<String, Integer> FLAG_NAMES = Map.of("defaultregion", SimulatorRegion.DEFAULT_REGION,
    "fallbackregion", SimulatorRegion.FALLBACK_REGION, "nodirectlogin", SimulatorRegion.NO_DIRECT_LOGIN,
    "persistent", SimulatorRegion.PERSISTENT, "lockedout", SimulatorRegion.LOCKED_OUT,
    "nomove", SimulatorRegion.NO_MOVE, "reservation", SimulatorRegion.RESERVATION,
    "authenticate", SimulatorRegion.AUTHENTICATE, "hyperlink", SimulatorRegion.HYPERLINK,
    "defaulthgregion", SimulatorRegion.DEFAULT_HG_REGION);

  /**
   * Friendship offers from foreign grids: at most {@code maxPendingPerUser} waiting per user of
   * ours, each forgotten after {@code expireDays}; at most {@code perGridPerMinute} taken from one
   * grid; their checks with the offerer's home grid at most {@code validationConcurrency} at once,
   * {@code validationQueue} waiting.
   */
  public record Offers(int maxPendingPerUser, int expireDays, int perGridPerMinute, int validationConcurrency,
                       int validationQueue) {
  }

  /** Demo data: seeded at start when {@code seed}; {@code role} says which side of the two-grid demo this is. */
  record Demo(boolean seed, String role, String peerHomeUri) {
  }

  /** Reads the sections; each problem found is added to {@code problems}. */
  static FriendsSettings read(JsonObject config, NodeSettings node, List<String> problems) {
    ConfigSection host = ConfigSection.of(config, "regionHost", problems);
    ConfigSection cache = ConfigSection.of(config, "friendshipCache", problems);
    ConfigSection users = ConfigSection.of(config, "userManagement", problems);
    ConfigSection grid = ConfigSection.of(config, "grid", problems);
    ConfigSection demo = ConfigSection.of(config, "demo", problems);
    ConfigSection presence = ConfigSection.of(config, "presence", problems);
    ConfigSection offers = ConfigSection.of(config, "offers", problems);
    return new FriendsSettings(
      new RegionHostSettings(host.positiveInt("shardSize"), host.positiveInt("deployConcurrency"),
        host.positiveLong("claimRetryMs"), host.positiveLong("servicesWaitMs"), node.timeouts().regionMs(),
        node.timeouts().shutdownMs(), ConfigSection.of(config, "notifier", problems).bool("simulatorChanges"),
        host.positiveLong("simulatorCheckSeconds") * 1000, host.positiveLong("simulatorDeadSeconds") * 1000,
        host.bool("servesSimulators"), host.positiveLong("rescueCheckMs")),
      regions(config, problems),
      Duration.ofHours(presence.positiveLong("travelHours")), presence.positiveLong("snapshotWaitMs"),
      presence.nonNegativeLong("batchMs"),
      presence.positiveLong("unplacedSeconds") * 1000,
      ConfigSection.of(config, "notifier", problems).nonNegativeLong("coalesceMs"),
      cache.nonNegativeLong("maxEntries"), Duration.ofSeconds(cache.positiveLong("ttlSeconds")),
      cache.positiveLong("invalidationAckMs"),
      users.positiveLong("cacheSeconds"), users.positiveLong("failureSeconds"), users.positiveInt("maxCachedUsers"),
      new Offers(offers.positiveInt("maxPendingPerUser"), offers.positiveInt("expireDays"),
        offers.positiveInt("perGridPerMinute"), offers.positiveInt("validationConcurrency"),
        offers.nonNegativeInt("validationQueue")),
      ConfigSection.of(config, "housekeeping", problems).positiveLong("intervalMs"),
      ConfigSection.of(config, "monitor", problems).positiveLong("reportMs"),
      grid.text("homeUri"), grid.text("friendsServerUri"),
      ConfigSection.of(config, "bridge", problems).text("allowedOrigin"),
      regionFlags(config, problems), gridFeatures(config, problems),
      new Demo(demo.bool("seed"),
        demo.text("role").isEmpty() ? "home-of-alice" : demo.text("role"),
        demo.text("peerHomeUri").isEmpty() ? "http://127.0.0.1:8012/" : demo.text("peerHomeUri")),
      membership(ConfigSection.of(config, "membership", problems), problems));
  }

  private static MembershipSettings membership(ConfigSection section, List<String> problems) {
    MembershipSettings settings = new MembershipSettings(section.positiveLong("leaseMs"),
      section.positiveLong("confirmMs"), section.positiveLong("stallMs"), section.positiveLong("heartbeatTimeoutMs"),
      section.positiveLong("digestMs"));
    if (settings.leaseMs() >= settings.heartbeatTimeoutMs() || settings.confirmMs() >= settings.leaseMs()) {
      // A stalled node must stop acting before the others may declare it gone and take over.
      problems.add("membership: confirmMs < leaseMs < heartbeatTimeoutMs is needed (the cluster's"
        + " hazelcast.max.no.heartbeat.seconds, in ms)");
    }
    return settings;
  }

  /**
   * {@code grid.regionFlags}: region name (or UUID) → "DefaultRegion, FallbackRegion", as
   * ROBUST's {@code Region_<name>}: given to a region when it first registers.
   */
  private static Map<String, Integer> regionFlags(JsonObject config, List<String> problems) {
    Map<String, Integer> flags = new HashMap<>();
    Object section = config.getJsonObject("grid", new JsonObject()).getValue("regionFlags");
    if (section == null) {
      return flags;
    }
    if (!(section instanceof JsonObject byName)) {
      problems.add("grid.regionFlags must map region names to flags, as {\"Welcome\": \"DefaultRegion, FallbackRegion\"}");
      return flags;
    }
    byName.forEach(entry -> {
      int value = 0;
      for (String word : String.valueOf(entry.getValue()).split(",")) {
        Integer flag = FLAG_NAMES.get(word.trim().toLowerCase(Locale.ROOT));
        if (flag == null && !word.isBlank()) {
          problems.add("grid.regionFlags." + entry.getKey() + ": unknown flag '" + word.trim() + "' (known: "
            + "DefaultRegion, FallbackRegion, NoDirectLogin, Persistent, LockedOut, NoMove, Reservation, Authenticate,"
            + " Hyperlink, DefaultHGRegion)");
        }
        value |= flag == null ? 0 : flag;
      }
      // Keyed as ROBUST keys Region_<name>: spaces as underscores; or by the region's UUID.
      flags.put(entry.getKey().trim().replace(' ', '_').toLowerCase(Locale.ROOT), value);
    });
    return flags;
  }

  /**
   * What {@code get_grid_extra_features} tells simulators: {@code grid.extraFeatures} when set, else
   * the map server and grid URL (our home URI), the grid's name and nick, and that export is supported.
   */
  private static JsonObject gridFeatures(JsonObject config, List<String> problems) {
    JsonObject grid = config.getJsonObject("grid", new JsonObject());
    Object given = grid.getValue("extraFeatures");
    if (given instanceof JsonObject features) {
      return features;
    }
    if (given != null) {
      problems.add("grid.extraFeatures must be an object of texts");
    }
    String home = grid.getString("homeUri", "");
    String name = grid.getString("name", "");
    return new JsonObject().put("map-server-url", home)
      .put("GridURL", home.endsWith("/") ? home.substring(0, home.length() - 1) : home)
      .put("GridName", name).put("GridNick", name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""))
      .put("ExportSupported", "true");
  }

  private static List<RegionInfo> regions(JsonObject config, List<String> problems) {
    List<RegionInfo> regions = new ArrayList<>();
    for (Object item : config.getJsonArray("regions", new JsonArray())) {
      JsonObject region = item instanceof JsonObject r ? r : new JsonObject();
      if (!Uuids.isUuid(region.getString("id")) || region.getString("name", "").isBlank()) {
        problems.add("every region needs a UUID id and a name: " + item);
        continue;
      }
      regions.add(new RegionInfo().setRegionId(region.getString("id").toLowerCase()).setName(region.getString("name"))
        .setLocX(region.getInteger("x", 1000)).setLocY(region.getInteger("y", 1000)));
    }
    return regions;
  }
}
