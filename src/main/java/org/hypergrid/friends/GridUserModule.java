package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.api.GridUserService;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.handlers.OpenSimFriendsInConnector;
import org.hypergrid.friends.handlers.OpenSimGridInConnector;
import org.hypergrid.friends.handlers.OpenSimGridUserInConnector;
import org.hypergrid.friends.handlers.OpenSimPresenceInConnector;
import org.hypergrid.friends.impl.GridUserServiceImpl;
import org.hypergrid.spi.Mount;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;
import org.hypergrid.wire.Uuids;

import java.util.List;
import java.util.UUID;
import java.util.Optional;

/**
 * OpenSim's grid user service, and the {@code opensim} mount: ROBUST's own grid-side protocols
 * on the private port ({@code POST /presence}, {@code /friends}, {@code /griduser}, {@code /grid}) for
 * simulators and ROBUST's
 * login service, over the same services our Hypergrid face uses.
 */
public final class GridUserModule extends NamedServiceModule {

  public GridUserModule() {
    super("griduser", GridUserService.class, GridUserService.ADDRESS);
  }

  @Override
  public List<String> uses() {
    return List.of("friends", "grid", "presence");
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    FriendsNode friends = FriendsNode.of(node);
    return friends.ready().map(v -> new GridUserServiceImpl(node.pool(),
      user -> Uuids.isUuid(user) && friends.view().find(UUID.fromString(user)) != null));
  }

  @Override
  public List<Mount> mounts() {
    return List.of(Mount.privateMount("opensim", (router, server) -> {
      int maxBody = server.node().settings().limits().maxBodyBytes();
      for (String path : List.of("/presence", "/friends", "/griduser", "/grid")) {
        router.route(path).handler(server.accessToken());
      }
      FriendsNode friends = FriendsNode.of(server.node());
      new OpenSimPresenceInConnector(server.node().service("presence", PresenceService.class), maxBody).mount(router);
      new OpenSimFriendsInConnector(server.node().service("friends", FriendsService.class), maxBody).mount(router);
      new OpenSimGridUserInConnector(server.node().service("griduser", GridUserService.class), maxBody).mount(router);
      new OpenSimGridInConnector(server.node().service("grid", GridService.class),
        server.node().service("presence", PresenceService.class), friends.settings().gridFeatures(), maxBody)
        .mount(router);
    }));
  }

  @Override
  public Optional<Schema> schema() {
    return Optional.of(FriendsSchema.SCHEMA);
  }

  @Override
  public void validate(JsonObject config, List<String> problems) {
    FriendsNode.validate(config, problems);
  }
}
