package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.impl.FriendsServiceImpl;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;

import java.util.List;
import java.util.Optional;

/** Friendships, as OpenSim's FriendsService keeps them; every write invalidates every node's cache. */
public final class FriendsModule extends NamedServiceModule {

  public FriendsModule() {
    super("friends", FriendsService.class, FriendsService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    FriendsNode friends = FriendsNode.of(node);
    FriendsSettings.Offers offers = friends.settings().offers();
    return friends.ready().map(v -> {
      FriendsServiceImpl service = new FriendsServiceImpl(node.pool(), friends.invalidation()::changed,
        offers.maxPendingPerUser(), offers.expireDays());
      friends.housekeeping("unanswered friendship offers older than " + offers.expireDays() + " days",
        () -> service.deleteExpiredOffers().onSuccess(deleted -> friends.metrics().offer("expired", deleted)));
      return service;
    });
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
