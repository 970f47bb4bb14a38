package org.hypergrid.friends;

import io.vertx.core.Future;
import org.hypergrid.friends.api.PresenceService;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;
import org.hypergrid.friends.impl.PresenceServiceImpl;

import java.util.Optional;

/** Who is online where (the in-memory view the regions feed) and who is travelling (the store). */
public final class PresenceModule extends NamedServiceModule {

  public PresenceModule() {
    super("presence", PresenceService.class, PresenceService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    FriendsNode friends = FriendsNode.of(node);
    long travelTtlMs = node.config().getJsonObject("presence").getLong("travelHours") * 3_600_000L;
    return friends.ready()
      .compose(v -> PresenceServiceImpl.create(node.vertx(), friends.view(), node.pool(), travelTtlMs))
      .onSuccess(presence -> node.onStop(presence::close));
  }

  @Override
  public Optional<Schema> schema() {
    return Optional.of(FriendsSchema.SCHEMA);
  }
}
