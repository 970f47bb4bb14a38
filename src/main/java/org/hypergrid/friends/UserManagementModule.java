package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;
import org.hypergrid.friends.impl.UserManagementServiceImpl;

import java.util.Optional;

/** Local accounts, and the service URLs of foreign users (asked of their home grids, remembered). */
public final class UserManagementModule extends NamedServiceModule {

  public UserManagementModule() {
    super("usermanagement", UserManagementService.class, UserManagementService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    JsonObject grid = node.config().getJsonObject("grid");
    JsonObject ourUrls = new JsonObject().put("HomeURI", grid.getString("homeUri"))
      .put("FriendsServerURI", grid.getString("friendsServerUri"));
    JsonObject users = node.config().getJsonObject("userManagement");
    return Future.succeededFuture(new UserManagementServiceImpl(node.pool(), ourUrls, FriendsNode.of(node).userAgents(),
      users.getLong("cacheSeconds"), users.getLong("failureSeconds")));
  }

  @Override
  public Optional<Schema> schema() {
    return Optional.of(FriendsSchema.SCHEMA);
  }
}
