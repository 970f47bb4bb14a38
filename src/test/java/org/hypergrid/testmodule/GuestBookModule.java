package org.hypergrid.testmodule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.Mount;
import org.hypergrid.spi.NamedServiceModule;
import org.hypergrid.store.Schema;

import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The guest book as a module: an implementation on the store, a schema track, a private mount. */
public final class GuestBookModule extends NamedServiceModule {

  public GuestBookModule() {
    super("guestbook", GuestBookService.class, GuestBookService.ADDRESS);
  }

  @Override
  public Future<?> createLocal(ModuleContext node) {
    return Future.succeededFuture(new Book(node.pool()));
  }

  @Override
  public Optional<Schema> schema() {
    return Optional.of(new Schema("guestbook", List.of(
      "CREATE TABLE guestbook (region varchar(64) NOT NULL, visitor varchar(64) NOT NULL, "
        + "signed_at timestamptz NOT NULL DEFAULT now())")));
  }

  @Override
  public List<Mount> mounts() {
    return List.of(Mount.privateMount("guestbook", (router, server) -> router.get("/guestbook/:region")
      .handler(server.accessToken())
      .handler(ctx -> server.node().service("guestbook", GuestBookService.class).visitors(ctx.pathParam("region"))
        .onSuccess(names -> ctx.json(new JsonArray(names)))
        .onFailure(ctx::fail))));
  }

  static final class Book implements GuestBookService {
    private final Pool pool;

    Book(Pool pool) {
      this.pool = pool;
    }

    @Override
    public Future<Integer> sign(String regionName, String visitor) {
      return pool.preparedQuery("INSERT INTO guestbook (region, visitor) VALUES ($1, $2)")
        .execute(Tuple.of(regionName, visitor))
        .compose(v -> pool.preparedQuery("SELECT count(*) AS n FROM guestbook WHERE region = $1")
          .execute(Tuple.of(regionName)))
        .map(rows -> rows.iterator().next().getInteger("n"));
    }

    @Override
    public Future<List<String>> visitors(String regionName) {
      return pool.preparedQuery("SELECT visitor FROM guestbook WHERE region = $1 ORDER BY signed_at, visitor")
        .execute(Tuple.of(regionName))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map((Row row) -> row.getString("visitor")).toList());
    }
  }
}
