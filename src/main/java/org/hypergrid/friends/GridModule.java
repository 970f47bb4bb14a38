package org.hypergrid.friends;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.GridService;
import org.hypergrid.friends.impl.GridServiceImpl;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;

import java.util.List;
import java.util.Optional;

/** The region registry: where each region is, and which node serves it. */
public final class GridModule extends NamedServiceModule {

  public GridModule() {
    super("grid", GridService.class, GridService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    return Future.succeededFuture(new GridServiceImpl(node.pool(), node.leasePool(),
      FriendsNode.of(node).settings().regionFlags()));
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
