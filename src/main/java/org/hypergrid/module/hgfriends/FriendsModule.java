package org.hypergrid.module.hgfriends;

import io.vertx.core.Future;
import org.hypergrid.api.FriendsService;
import org.hypergrid.module.ModuleContext;
import org.hypergrid.module.NamedServiceModule;
import org.hypergrid.module.Schema;
import org.hypergrid.service.FriendsServiceImpl;

import java.util.Optional;

/** Friendships, as OpenSim's FriendsService keeps them; every write invalidates every node's cache. */
public final class FriendsModule extends NamedServiceModule {

  public FriendsModule() {
    super("friends", FriendsService.class, FriendsService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    FriendsNode friends = FriendsNode.of(node);
    return friends.ready().map(v -> new FriendsServiceImpl(node.pool(), friends.invalidation()::changed));
  }

  @Override
  public Optional<Schema> schema() {
    return Optional.of(FriendsSchema.SCHEMA);
  }
}
