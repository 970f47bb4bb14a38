package org.hypergrid.friends;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.engine.RegionHostSettings;
import org.hypergrid.spi.ConfigSection;
import org.hypergrid.spi.NodeSettings;
import org.hypergrid.wire.Uuids;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The friends family's own config sections, read once and validated at start: the regions this
 * node lists and how they are hosted, presence, the notifier, caches, the monitor, demo data.
 */
record FriendsSettings(RegionHostSettings regionHost, List<RegionInfo> regions, Duration travelTtl,
                       long snapshotWaitMs, long coalesceMs, long friendshipCacheEntries, Duration friendshipCacheTtl,
                       long invalidationAckMs, long userUrlsCacheSeconds,
                       long userFailureSeconds, int maxCachedUsers, Offers offers, long housekeepingMs, long reportMs,
                       String homeUri, String friendsServerUri, String allowedOrigin, Demo demo) {

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
        node.timeouts().shutdownMs()),
      regions(config, problems),
      Duration.ofHours(presence.positiveLong("travelHours")), presence.positiveLong("snapshotWaitMs"),
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
      new Demo(demo.bool("seed"),
        demo.text("role").isEmpty() ? "home-of-alice" : demo.text("role"),
        demo.text("peerHomeUri").isEmpty() ? "http://127.0.0.1:8012/" : demo.text("peerHomeUri")));
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
