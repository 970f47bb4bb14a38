package org.hypergrid.module.hgfriends;

import io.vertx.core.Future;
import org.hypergrid.api.GridService;
import org.hypergrid.module.ModuleContext;
import org.hypergrid.module.Schema;
import org.hypergrid.module.ServiceModule;
import org.hypergrid.service.GridServiceImpl;

import java.util.Optional;

/** The region registry: where each region is, and which node serves it. */
public final class GridModule implements ServiceModule {

  @Override
  public String name() {
    return "grid";
  }

  @Override
  public Class<?> type() {
    return GridService.class;
  }

  @Override
  public String address() {
    return GridService.ADDRESS;
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
