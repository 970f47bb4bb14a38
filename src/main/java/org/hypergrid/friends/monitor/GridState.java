package org.hypergrid.friends.monitor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.RegionInfo;
import org.hypergrid.friends.api.UserAccount;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.clients.HGFriendsRemotes;
import org.hypergrid.friends.engine.GridMetrics;
import org.hypergrid.friends.engine.PresenceView;
import org.hypergrid.runtime.ClusterView;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The grid as it is now, for the operator page at the moment it opens (live events then arrive
 * through the bridge): every node (up, silent, gone) from the reports all nodes publish, the agents
 * online with their names, the foreign grids with circuit and counts, the store, the latest
 * problems; and the grid's regions a page at a time from the registry, with their agents. Lists
 * are bounded (the latest agents, a page of regions), so a grid of 50,000 regions and 100,000
 * agents costs one pass over the presence view per request, on a worker.
 */
public final class GridState {

  static final int AGENTS_SHOWN = 100;
  static final int PROBLEMS_SHOWN = 50;
  /** A node not heard from for this long is shown silent (it reports every second). */
  static final long SILENT_MS = 3_000;
  static final int GONE_KEPT = 20;

  private final Vertx vertx;
  private final String gridName;
  private final ClusterView cluster;
  private final PresenceView view;
  private final GridService grid;
  private final UserManagementService users;
  private final GridMetrics metrics;
  private final HGFriendsRemotes remotes;
  private final Pool store;
  private final Map<String, JsonObject> reports = new ConcurrentHashMap<>();
  private final Map<String, Long> heardAt = new ConcurrentHashMap<>();
  private final Map<String, String> gone = new LinkedHashMap<>();
  private MessageConsumer<JsonObject> listening;

  /** {@code store}: this node's pool, or null when the store is reached through another node. */
  public GridState(Vertx vertx, String gridName, ClusterView cluster, PresenceView view, GridService grid,
                   UserManagementService users, GridMetrics metrics, HGFriendsRemotes remotes, Pool store) {
    this.vertx = vertx;
    this.gridName = gridName;
    this.cluster = cluster;
    this.view = view;
    this.grid = grid;
    this.users = users;
    this.metrics = metrics;
    this.remotes = remotes;
    this.store = store;
  }

  public Future<Void> start() {
    listening = vertx.eventBus().consumer(NodeReports.ADDRESS, message -> {
      JsonObject report = message.body();
      reports.put(report.getString("node"), report);
      heardAt.put(report.getString("node"), System.currentTimeMillis());
    });
    cluster.onNodeLeft(node -> {
      reports.remove(node);
      heardAt.remove(node);
      synchronized (gone) {
        gone.remove(node);
        gone.put(node, Instant.now().toString());
        while (gone.size() > GONE_KEPT) {
          gone.remove(gone.keySet().iterator().next());
        }
      }
    });
    return listening.completion();
  }

  public Future<Void> stop() {
    return listening == null ? Future.succeededFuture() : listening.unregister();
  }

  /** {grid, node, store, nodes, agents: {online, latest}, grids, problems}. */
  public Future<JsonObject> snapshot() {
    Future<List<PresenceView.Session>> latest = vertx.executeBlocking(() -> view.latest(AGENTS_SHOWN), false);
    return Future.all(storeState(), latest.compose(this::agents)).map(done -> new JsonObject()
      .put("grid", gridName).put("node", cluster.nodeId()).put("at", Instant.now().toString())
      .put("store", done.<JsonObject>resultAt(0))
      .put("nodes", nodes())
      .put("agents", new JsonObject().put("online", view.size()).put("latest", done.<JsonArray>resultAt(1)))
      .put("grids", foreignGrids())
      .put("problems", metrics.problems().latest(PROBLEMS_SHOWN)));
  }

  /** A page of the grid's regions from the registry, each with its agents online now. */
  public Future<JsonObject> regions(int offset, int limit, String nameContains) {
    return grid.regionsPage(offset, limit, nameContains).compose(page -> {
      Set<String> ids = new HashSet<>();
      page.getJsonArray("regions").forEach(region -> ids.add(((JsonObject) region).getString("regionId")));
      return vertx.executeBlocking(() -> view.agentsIn(ids), false).map(agents -> {
        page.getJsonArray("regions").forEach(region -> {
          JsonObject row = (JsonObject) region;
          row.put("agents", agents.getOrDefault(row.getString("regionId"), 0))
            .put("nodeState", row.getString("ownerNode") == null ? "none"
              : cluster.liveNodes().contains(row.getString("ownerNode")) ? "up" : "gone");
        });
        return page;
      });
    });
  }

  private Future<JsonObject> storeState() {
    if (store == null) {
      return Future.succeededFuture(new JsonObject().put("state", "elsewhere")
        .put("detail", "reached through the services node"));
    }
    return store.query("SELECT 1").execute()
      .map(rows -> new JsonObject().put("state", "up"))
      .otherwise(e -> {
        metrics.problems().record("store down", "PostgreSQL", e.getMessage());
        return new JsonObject().put("state", "down").put("detail", e.getMessage());
      });
  }

  private JsonArray nodes() {
    long now = System.currentTimeMillis();
    JsonArray nodes = new JsonArray();
    for (String node : cluster.liveNodes()) {
      JsonObject report = reports.get(node);
      Long heard = heardAt.get(node);
      JsonObject row = new JsonObject().put("node", node).put("self", node.equals(cluster.nodeId()))
        .put("state", heard != null && now - heard <= SILENT_MS ? "up" : "silent")
        .put("heardMsAgo", heard == null ? null : now - heard);
      if (report != null) {
        row.put("regions", report.getInteger("regions")).put("agentsHostedHere", report.getInteger("agentsHostedHere"))
          .put("shards", report.getInteger("shards")).put("busiest", report.getJsonArray("busiest"));
      }
      nodes.add(row);
    }
    synchronized (gone) {
      gone.forEach((node, at) -> nodes.add(new JsonObject().put("node", node).put("state", "gone").put("leftAt", at)));
    }
    return nodes;
  }

  /** The latest sessions with the names we hold (our users' accounts; a visitor's home grid) and region names. */
  private Future<JsonArray> agents(List<PresenceView.Session> sessions) {
    List<String> agentIds = sessions.stream().map(session -> session.agentId().toString()).toList();
    List<String> regionIds = sessions.stream().map(PresenceView.Session::regionId).distinct().toList();
    Future<List<UserAccount>> accounts = users.getAccounts(agentIds).otherwise(List.of());
    Future<List<RegionInfo>> regions = grid.getRegions(regionIds).otherwise(List.of());
    return Future.all(accounts, regions).map(found -> {
      Map<String, String> names = new HashMap<>();
      accounts.result().forEach(account -> names.put(account.getUserId(),
        (account.getFirstName() + " " + account.getLastName()).trim()));
      Map<String, String> regionNames = new HashMap<>();
      regions.result().forEach(region -> regionNames.put(region.getRegionId(), region.getName()));
      JsonArray rows = new JsonArray();
      for (PresenceView.Session session : sessions) {
        String id = session.agentId().toString();
        rows.add(new JsonObject().put("agentId", id).put("name", names.get(id))
          .put("visitorFrom", session.homeUri() == null ? null : host(session.homeUri()))
          .put("regionId", session.regionId()).put("region", regionNames.get(session.regionId()))
          .put("node", session.nodeId()).put("since", Instant.ofEpochMilli(session.loginAt()).toString()));
      }
      return rows;
    });
  }

  /** Every foreign grid this node counted or holds a circuit for: counts, failures and the circuit's state. */
  private JsonArray foreignGrids() {
    JsonObject totals = metrics.notificationTotals().getJsonObject("grids");
    Map<String, JsonObject> byHost = new LinkedHashMap<>();
    totals.forEach(entry -> byHost.put(entry.getKey(), ((JsonObject) entry.getValue()).copy().put("grid", entry.getKey())
      .put("circuit", "CLOSED")));
    remotes.circuitStates().forEach(entry -> {
      String host = host(entry.getKey());
      JsonObject row = byHost.computeIfAbsent(host, h -> new JsonObject().put("grid", h).put("in", 0L).put("out", 0L)
        .put("failed", 0L).put("circuit", "CLOSED"));
      if (!"CLOSED".equals(entry.getValue())) {
        row.put("circuit", entry.getValue());
      }
    });
    return new JsonArray(List.copyOf(byHost.values()));
  }

  /** A grid as the counters name it: the host of its URI. */
  private static String host(String uri) {
    return Uui.host(uri);
  }
}
