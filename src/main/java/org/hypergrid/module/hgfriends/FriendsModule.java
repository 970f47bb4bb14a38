package org.hypergrid.module.hgfriends;

import io.vertx.core.Future;
import org.hypergrid.api.FriendsService;
import org.hypergrid.module.ModuleContext;
import org.hypergrid.module.Schema;
import org.hypergrid.module.ServiceModule;
import org.hypergrid.service.FriendsServiceImpl;

import java.util.Optional;

/** Friendships, as OpenSim's FriendsService keeps them; every write invalidates every node's cache. */
public final class FriendsModule implements ServiceModule {

  @Override
  public String name() {
    return "friends";
  }

  @Override
  public Class<?> type() {
    return FriendsService.class;
  }

  @Override
  public String address() {
    return FriendsService.ADDRESS;
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
