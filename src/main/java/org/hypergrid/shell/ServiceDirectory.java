package org.hypergrid.shell;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import org.hypergrid.api.FriendsService;
import org.hypergrid.api.GridService;
import org.hypergrid.api.HGFriendsService;
import org.hypergrid.api.PresenceService;
import org.hypergrid.api.ServiceProxies;
import org.hypergrid.api.UserManagementService;
import org.hypergrid.connector.out.HGFriendsHttpConnector;
import org.hypergrid.connector.out.HGFriendsRemotes;
import org.hypergrid.connector.out.HttpServiceProxy;
import org.hypergrid.connector.out.OutboundHttp;
import org.hypergrid.connector.out.OutboundPolicy;
import org.hypergrid.connector.out.RegionConnector;
import org.hypergrid.connector.out.UserAgentConnector;
import org.hypergrid.region.PresenceView;
import org.hypergrid.region.RegionHost;
import org.hypergrid.region.StatusNotifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.hypergrid.service.GridMetrics;
import org.hypergrid.service.FailureLimiter;
import org.hypergrid.service.FriendsServiceImpl;
import org.hypergrid.service.FriendshipCache;
import org.hypergrid.service.FriendshipInvalidation;
import org.hypergrid.service.GridServiceImpl;
import org.hypergrid.service.HGFriendsServiceImpl;
import org.hypergrid.service.PresenceServiceImpl;
import org.hypergrid.service.StatusFanout;
import org.hypergrid.service.UserManagementServiceImpl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every service this node uses, each resolved as its config says: the implementation itself
 * ({@code via: local}), the event-bus proxy ({@code bus}), or an HTTP OUT connector to a URL
 * ({@code http}). Implementations receive the resolved interfaces, so they never know which.
 */
public final class ServiceDirectory {

  public static final Map<String, String> ADDRESSES = Map.of(
    "hgfriends", HGFriendsService.ADDRESS,
    "friends", FriendsService.ADDRESS,
    "presence", PresenceService.ADDRESS,
    "grid", GridService.ADDRESS,
    "usermanagement", UserManagementService.ADDRESS);

  public static final Map<String, Class<?>> TYPES = Map.of(
    "hgfriends", HGFriendsService.class,
    "friends", FriendsService.class,
    "presence", PresenceService.class,
    "grid", GridService.class,
    "usermanagement", UserManagementService.class);

  private final Vertx vertx;
  private final JsonObject config;
  private final Pool pool;
  private final WebClient web;
  private final OutboundHttp outbound;
  /** Remote addresses or foreign users remembered by each failed-verification limiter. */
  private static final int MAX_LIMITED_KEYS = 100_000;
  private final JsonObject failedVerifications;
  private final FailureLimiter failuresByAddress;
  /** Services implemented on this node, by name: the ones bound on the event bus here. */
  private final Map<String, Object> hosted = new LinkedHashMap<>();

  private FriendsService friends;
  private PresenceService presence;
  private GridService grid;
  private UserManagementService users;
  private HGFriendsService hgfriends;
  private final GridMetrics stats;
  private final RegionConnector regions;
  private final HGFriendsRemotes remoteGrids;
  private final UserAgentConnector userAgents;
  private StatusFanout fanout;
  private PresenceServiceImpl presenceImpl;
  private FriendshipCache friendships;
  private FriendshipInvalidation invalidation;
  private RegionHost regionHost;
  private StatusNotifier notifier;

  private final PresenceView view;

  private ServiceDirectory(Vertx vertx, JsonObject config, Pool pool, PresenceView view,
                           PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.pool = pool;
    this.view = view;
    this.stats = new GridMetrics(registry);
    JsonObject out = config.getJsonObject("outbound");
    this.failedVerifications = config.getJsonObject("limits").getJsonObject("failedVerifications");
    this.failuresByAddress = new FailureLimiter(failedVerifications.getInteger("perAddress"),
      failedVerifications.getLong("windowSeconds") * 1000, MAX_LIMITED_KEYS);
    // Our own nodes (services reached via http), named by our config.
    this.web = WebClient.create(vertx, new WebClientOptions().setUserAgent("HypergridServices/0.1")
      .setKeepAlive(true).setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(32)
      .setMaxWaitQueueSize(out.getInteger("maxWaitQueue")));
    // Other grids and simulators, named by callers: policy, deadlines, capped replies.
    this.outbound = new OutboundHttp(vertx, new OutboundPolicy(vertx, out.getBoolean("allowLoopback"),
      out.getBoolean("allowPrivate")), out.getInteger("maxReplyBytes"), out.getInteger("maxConnections"),
      out.getInteger("maxWaitQueue"));
    JsonObject timeouts = config.getJsonObject("timeouts");
    JsonObject breaker = config.getJsonObject("breaker");
    this.regions = new RegionConnector(outbound, timeouts.getLong("regionMs"));
    this.remoteGrids = new HGFriendsRemotes(vertx, outbound, timeouts.getLong("foreignGridMs"),
      breaker.getInteger("maxFailures"), breaker.getLong("resetMs"), out.getInteger("maxGrids"), registry);
    this.userAgents = new UserAgentConnector(outbound, timeouts.getLong("userAgentMs"));
  }

  /** True when some service is implemented here and so needs the store. */
  public static boolean needsStore(JsonObject config) {
    JsonObject services = config.getJsonObject("services");
    return ADDRESSES.keySet().stream().filter(name -> !name.equals("hgfriends"))
      .anyMatch(name -> "local".equals(services.getJsonObject(name).getString("via")));
  }

  public static Future<ServiceDirectory> create(Vertx vertx, JsonObject config, Pool pool, PresenceView view,
                                                PrometheusMeterRegistry registry) {
    ServiceDirectory directory = new ServiceDirectory(vertx, config, pool, view, registry);
    return directory.resolveAll().map(directory);
  }

  private Future<Void> resolveAll() {
    JsonObject grid = config.getJsonObject("grid");
    JsonObject ourUrls = new JsonObject()
      .put("HomeURI", grid.getString("homeUri"))
      .put("FriendsServerURI", grid.getString("friendsServerUri"));
    long cacheSeconds = config.getJsonObject("userManagement").getLong("cacheSeconds");
    long failureSeconds = config.getJsonObject("userManagement").getLong("failureSeconds");
    int maxFriends = config.getJsonObject("limits").getInteger("maxFriends");
    FailureLimiter perForeignUser = new FailureLimiter(failedVerifications.getInteger("perForeignUser"),
      failedVerifications.getLong("windowSeconds") * 1000, MAX_LIMITED_KEYS);
    long travelTtlMs = config.getJsonObject("presence").getLong("travelHours") * 3_600_000L;
    JsonObject cacheConfig = config.getJsonObject("friendshipCache");
    // Over plain HTTP no invalidation reaches this node: verify against the store every time.
    boolean reachable = !"http".equals(config.getJsonObject("services").getJsonObject("friends").getString("via"));
    friendships = new FriendshipCache(reachable ? cacheConfig.getLong("maxEntries") : 0,
      Duration.ofSeconds(cacheConfig.getLong("ttlSeconds")));
    invalidation = new FriendshipInvalidation(vertx, view.nodeId(), friendships);
    return invalidation.start()
      .compose(started -> resolve("friends", FriendsService.class,
        () -> Future.succeededFuture(new FriendsServiceImpl(pool, invalidation::changed))))
      .compose(resolved -> {
        friends = resolved;
        return resolve("presence", PresenceService.class,
          () -> PresenceServiceImpl.create(vertx, view, pool, travelTtlMs).map(created -> {
            presenceImpl = created;
            return created;
          }));
      })
      .compose(resolved -> {
        presence = resolved;
        return resolve("grid", GridService.class, () -> Future.succeededFuture(new GridServiceImpl(pool)));
      })
      .compose(resolved -> {
        this.grid = resolved;
        return resolve("usermanagement", UserManagementService.class,
          () -> Future.succeededFuture(new UserManagementServiceImpl(pool, ourUrls, userAgents, cacheSeconds,
            failureSeconds)));
      })
      .compose(resolved -> {
        users = resolved;
        fanout = new StatusFanout(vertx, presence, regions, stats, config.getJsonObject("timeouts").getLong("regionMs"));
        notifier = new StatusNotifier(vertx, friends, presence, users, remoteGrids, fanout,
          config.getJsonObject("notifier").getLong("coalesceMs"));
        return resolve("hgfriends", HGFriendsService.class, () -> Future.succeededFuture(
          new HGFriendsServiceImpl(vertx, friends, presence, users, remoteGrids, fanout, maxFriends, perForeignUser,
            friendships)));
      })
      .map(resolved -> {
        hgfriends = resolved;
        return null;
      });
  }

  private <T> Future<T> resolve(String name, Class<T> type, Supplier<Future<T>> local) {
    JsonObject entry = config.getJsonObject("services").getJsonObject(name);
    switch (entry.getString("via")) {
      case "local" -> {
        return local.get().onSuccess(implementation -> hosted.put(name, implementation));
      }
      case "bus" -> {
        return Future.succeededFuture(ServiceProxies.create(vertx, ADDRESSES.get(name), type));
      }
      default -> {
        String url = entry.getString("url");
        long timeout = config.getJsonObject("timeouts").getLong("foreignGridMs");
        if (type == HGFriendsService.class) {
          // HGFriends over HTTP speaks OpenSim's own protocol, so the far end may be any grid.
          return Future.succeededFuture(type.cast(new HGFriendsHttpConnector(outbound, url, timeout, null, false)));
        }
        return HttpServiceProxy.create(vertx, web, type, name, url, timeout,
          config.getJsonObject("security").getString("accessToken"));
      }
    }
  }

  public Map<String, Object> hosted() {
    return hosted;
  }

  public JsonObject config() {
    return config;
  }

  public Pool pool() {
    return pool;
  }

  public FriendsService friends() {
    return friends;
  }

  public PresenceService presence() {
    return presence;
  }

  public GridService grid() {
    return grid;
  }

  public UserManagementService users() {
    return users;
  }

  public HGFriendsService hgfriends() {
    return hgfriends;
  }

  public StatusFanout fanout() {
    return fanout;
  }

  public StatusNotifier notifier() {
    return notifier;
  }

  public HGFriendsRemotes remoteGrids() {
    return remoteGrids;
  }

  public GridMetrics stats() {
    return stats;
  }

  /** Gauges of this node's state: agents online in the grid, regions served here. */
  void registerGauges() {
    Gauge.builder("hg.presence.agents", view, PresenceView::size).description("agents online in the grid")
      .register(stats.registry());
    Gauge.builder("hg.regions.served", regionHost, host -> host.summary().getInteger("regions"))
      .description("regions served by this node").register(stats.registry());
  }

  /** The Prometheus registry of this node (Vert.x's and ours). */
  public PrometheusMeterRegistry registry() {
    return (PrometheusMeterRegistry) stats.registry();
  }

  /** Failed verifications per remote address, shared by every public HTTP server of the node. */
  public FailureLimiter failuresByAddress() {
    return failuresByAddress;
  }

  public PresenceView view() {
    return view;
  }

  /** This node's regions (set by the shell once the services are resolved). */
  public RegionHost regionHost() {
    return regionHost;
  }

  void regionHost(RegionHost host) {
    this.regionHost = host;
  }

  public Future<Void> close() {
    web.close();
    outbound.close();
    Future<Void> invalidationStopped = invalidation == null ? Future.succeededFuture() : invalidation.stop();
    return invalidationStopped.compose(v -> presenceImpl == null ? Future.succeededFuture() : presenceImpl.close());
  }
}
