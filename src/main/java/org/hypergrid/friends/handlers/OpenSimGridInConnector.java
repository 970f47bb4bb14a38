package org.hypergrid.friends.handlers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.api.SimulatorRegion;
import org.hypergrid.runtime.ServiceErrors;
import org.hypergrid.wire.OpenSimForm;
import org.hypergrid.wire.RobustXml;
import org.hypergrid.wire.Uuids;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ROBUST's {@code POST /grid} (GridServerPostHandler) over our grid service: simulators register
 * and deregister their regions, and simulators and the login service look regions up. As
 * ROBUST: getters answer {@code <result>null</result>} for nothing found or a malformed id; a
 * refused register carries OpenSim's reason in {@code <Message>}; every other Failure's message
 * is empty. A region registered here is served from then on where presence reaches it
 * ({@link PresenceService#serveSimulatorRegion}).
 */
public class OpenSimGridInConnector {

  /** The protocol version this grid speaks: ROBUST 0.9.2.2's, 1..1. */
  private static final int PROTOCOL_VERSION = 1;
  /** At most this many regions in one list reply. */
  private static final int MAX_LIST = 1000;
  private static final String SUCCESS = RobustXml.result("Result", "Success");

  private final GridService grid;
  private final PresenceService presence;
  private final JsonObject features;
  private final int maxBodyBytes;

  /** {@code features}: what {@code get_grid_extra_features} answers, in order. */
  public OpenSimGridInConnector(GridService grid, PresenceService presence, JsonObject features, int maxBodyBytes) {
    this.grid = grid;
    this.presence = presence;
    this.features = features;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    Map<String, RobustEndpoint.Method> methods = new LinkedHashMap<>();
    methods.put("register", this::register);
    methods.put("deregister", form -> {
      String id = RobustEndpoint.required(form, "REGIONID");
      return grid.deregisterSimulator(id).compose(v -> presence.releaseSimulatorRegion(id)).map(SUCCESS);
    });
    methods.put("get_neighbours", form -> list(grid.neighboursOf(RobustEndpoint.requiredUuid(form, "REGIONID"))));
    methods.put("get_region_by_uuid", form -> {
      String id = form.text("REGIONID");
      return id == null || !Uuids.isUuid(id) ? Future.succeededFuture(RobustXml.nullResult())
        : single(grid.simulatorRegion(id).map(List::of)
          .recover(e -> ServiceErrors.isNotFound(e) ? Future.succeededFuture(List.of()) : Future.failedFuture(e)));
    });
    methods.put("get_region_by_position", form -> single(grid.regionsAt(RobustEndpoint.requiredInt(form, "X"), RobustEndpoint.requiredInt(form, "Y"))));
    methods.put("get_region_by_name", form -> single(grid.regionsNamed(RobustEndpoint.required(form, "NAME"), true, 1)));
    methods.put("get_regions_by_name", form -> list(grid.regionsNamed(RobustEndpoint.required(form, "NAME"), false,
      Math.min(MAX_LIST, RobustEndpoint.requiredInt(form, "MAX")))));
    methods.put("get_region_range", form -> list(grid.regionsInRange(RobustEndpoint.requiredInt(form, "XMIN"), RobustEndpoint.requiredInt(form, "XMAX"),
      RobustEndpoint.requiredInt(form, "YMIN"), RobustEndpoint.requiredInt(form, "YMAX"))));
    methods.put("get_default_regions", form -> list(grid.regionsFlagged(SimulatorRegion.DEFAULT_REGION, 0, 0, MAX_LIST)));
    methods.put("get_default_hypergrid_regions", form -> list(grid.regionsFlagged(SimulatorRegion.DEFAULT_HG_REGION,
        0, 0, MAX_LIST)
      // As ROBUST: no region marked for Hypergrid arrivals means the default regions take them.
      .compose(found -> found.isEmpty() ? grid.regionsFlagged(SimulatorRegion.DEFAULT_REGION, 0, 0, MAX_LIST)
        : Future.succeededFuture(found))));
    methods.put("get_fallback_regions", form -> list(grid.regionsFlagged(SimulatorRegion.FALLBACK_REGION,
      RobustEndpoint.requiredInt(form, "X"), RobustEndpoint.requiredInt(form, "Y"), MAX_LIST)));
    methods.put("get_online_regions", form -> {
      int max = RobustEndpoint.requiredInt(form, "MC");
      return max <= 0 ? Future.succeededFuture(RobustXml.nullResult())
        : list(grid.regionsFlagged(0, RobustEndpoint.requiredInt(form, "X"), RobustEndpoint.requiredInt(form, "Y"), Math.min(MAX_LIST, max)));
    });
    methods.put("get_hyperlinks", form -> list(grid.regionsFlagged(SimulatorRegion.HYPERLINK, 0, 0, MAX_LIST)));
    methods.put("get_region_flags", form -> grid.regionFlags(String.valueOf(form.text("REGIONID")))
      .map(flags -> RobustXml.data(Map.of("result", Integer.toString(flags)))));
    methods.put("get_grid_extra_features", form -> {
      Map<String, Object> reply = new LinkedHashMap<>();
      features.forEach(entry -> reply.put(entry.getKey(), String.valueOf(entry.getValue())));
      return Future.succeededFuture(RobustXml.data(reply));
    });
    new RobustEndpoint("/grid", maxBodyBytes, RobustXml.failureWithMessage(""), methods).mount(router);
  }

  private Future<String> register(OpenSimForm.Form form) {
    int min = RobustEndpoint.requiredInt(form, "VERSIONMIN");
    int max = RobustEndpoint.requiredInt(form, "VERSIONMAX");
    if (max < PROTOCOL_VERSION || min > PROTOCOL_VERSION) {
      throw new BadInput("protocol versions " + min + ".." + max + " do not include " + PROTOCOL_VERSION);
    }
    SimulatorRegion region = new SimulatorRegion().setRegionId(RobustEndpoint.required(form, "uuid"))
      .setLocX(RobustEndpoint.requiredInt(form, "locX")).setLocY(RobustEndpoint.requiredInt(form, "locY"))
      .setSizeX(form.text("sizeX") == null ? SimulatorRegion.CELL : RobustEndpoint.requiredInt(form, "sizeX"))
      .setSizeY(form.text("sizeY") == null ? SimulatorRegion.CELL : RobustEndpoint.requiredInt(form, "sizeY"))
      .setName(RobustEndpoint.required(form, "regionName")).setServerIp(form.text("serverIP"))
      .setServerHttpPort(RobustEndpoint.requiredInt(form, "serverHttpPort")).setServerUri(RobustEndpoint.required(form, "serverURI"))
      .setServerPort(RobustEndpoint.requiredInt(form, "serverPort")).setMapTexture(form.text("regionMapTexture"))
      .setParcelTexture(form.text("parcelMapTexture")).setAccess(RobustEndpoint.requiredInt(form, "access"))
      .setRegionSecret(form.text("regionSecret")).setOwnerId(form.text("owner_uuid")).setToken(form.text("Token"));
    return grid.registerSimulator(region)
      .compose(v -> presence.serveSimulatorRegion(region))
      .map(SUCCESS)
      .recover(e -> ServiceErrors.is(e, ServiceErrors.CONFLICT)
        ? Future.succeededFuture(RobustXml.failureWithMessage(e.getMessage())) : Future.failedFuture(e));
  }

  private static Future<String> single(Future<List<SimulatorRegion>> found) {
    return found.map(regions -> regions.isEmpty() ? RobustXml.nullResult()
      : RobustXml.data(Map.of("result", fields(regions.get(0)))));
  }

  private static Future<String> list(Future<List<SimulatorRegion>> found) {
    return found.map(regions -> {
      if (regions.isEmpty()) {
        return RobustXml.nullResult();
      }
      Map<String, Object> reply = new LinkedHashMap<>();
      for (int i = 0; i < regions.size(); i++) {
        reply.put("region" + i, fields(regions.get(i)));
      }
      return RobustXml.data(reply);
    });
  }

  /** GridRegion.ToKeyValuePairs with the flags, in ROBUST's order. */
  static Map<String, String> fields(SimulatorRegion region) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("uuid", region.getRegionId());
    fields.put("locX", Integer.toString(region.getLocX()));
    fields.put("locY", Integer.toString(region.getLocY()));
    fields.put("sizeX", Integer.toString(region.getSizeX()));
    fields.put("sizeY", Integer.toString(region.getSizeY()));
    fields.put("regionName", region.getName());
    fields.put("flags", Integer.toString(region.getFlags()));
    fields.put("serverIP", region.getServerIp());
    fields.put("serverHttpPort", Integer.toString(region.getServerHttpPort()));
    fields.put("serverURI", region.getServerUri());
    fields.put("serverPort", Integer.toString(region.getServerPort()));
    fields.put("regionMapTexture", region.getMapTexture());
    fields.put("parcelMapTexture", region.getParcelTexture());
    fields.put("access", Integer.toString(region.getAccess()));
    fields.put("regionSecret", region.getRegionSecret());
    fields.put("owner_uuid", region.getOwnerId());
    fields.put("Token", region.getToken());
    return fields;
  }
}
