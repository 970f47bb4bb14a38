package org.hypergrid.friends;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.UserManagementService;
import org.hypergrid.friends.impl.UserManagementServiceImpl;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;

import java.util.List;
import java.util.Optional;

/** Local accounts, and the service URLs of foreign users (asked of their home grids, remembered). */
public final class UserManagementModule extends NamedServiceModule {

  public UserManagementModule() {
    super("usermanagement", UserManagementService.class, UserManagementService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    FriendsNode friends = FriendsNode.of(node);
    FriendsSettings settings = friends.settings();
    JsonObject ourUrls = new JsonObject().put("HomeURI", settings.homeUri())
      .put("FriendsServerURI", settings.friendsServerUri());
    UserManagementServiceImpl service = new UserManagementServiceImpl(node.pool(), ourUrls, friends.userAgents(),
      settings.userUrlsCacheSeconds(), settings.userFailureSeconds(), settings.maxCachedUsers(), friends.metrics());
    Gauge.builder("hg.serviceurls.users", service, UserManagementServiceImpl::cachedUsers)
      .description("foreign users whose service URLs are stored").register(node.registry());
    friends.housekeeping("stored service URLs older than " + settings.userUrlsCacheSeconds() + " s",
      service::deleteStaleUrls);
    // Counted before the first call, so the cap holds from the start.
    return service.deleteStaleUrls().map(service);
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
