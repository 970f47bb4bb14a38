package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.friends.impl.PresenceServiceImpl;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;

import java.util.List;
import java.util.Optional;

/** Who is online where (the in-memory view the regions feed) and who is travelling (the store). */
public final class PresenceModule extends NamedServiceModule {

  public PresenceModule() {
    super("presence", PresenceService.class, PresenceService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    FriendsNode friends = FriendsNode.of(node);
    return friends.ready()
      .compose(v -> PresenceServiceImpl.create(node.vertx(), friends.view(), node.pool(),
        friends.settings().travelTtl().toMillis(), friends.settings().unplacedMs(),
        node.settings().timeouts().regionMs(), friends::tellFriendsOffline,
        friends.settings().membership().heartbeatTimeoutMs()))
      .onSuccess(presence -> node.onStop(presence::close));
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
