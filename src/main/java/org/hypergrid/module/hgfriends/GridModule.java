package org.hypergrid.module.hgfriends;

import io.vertx.core.Future;
import org.hypergrid.api.GridService;
import org.hypergrid.module.ModuleContext;
import org.hypergrid.module.NamedServiceModule;
import org.hypergrid.module.Schema;
import org.hypergrid.service.GridServiceImpl;

import java.util.Optional;

/** The region registry: where each region is, and which node serves it. */
public final class GridModule extends NamedServiceModule {

  public GridModule() {
    super("grid", GridService.class, GridService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    return Future.succeededFuture(new GridServiceImpl(node.pool()));
  }

  @Override
  public Optional<Schema> schema() {
    return Optional.of(FriendsSchema.SCHEMA);
  }
}
