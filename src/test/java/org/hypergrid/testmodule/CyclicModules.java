package org.hypergrid.testmodule;

import io.vertx.core.Future;
import org.hypergrid.module.ModuleContext;
import org.hypergrid.module.ServiceModule;

import java.util.List;

/** Two modules that use each other: a config naming both must be refused, never started. */
public final class CyclicModules {

  private CyclicModules() {
  }

  public static final class Ping implements ServiceModule {
    @Override
    public String name() {
      return "ping";
    }

    @Override
    public Class<?> type() {
      return GuestBookService.class;
    }

    @Override
    public String address() {
      return "hg.test.ping";
    }

    @Override
    public List<String> uses() {
      return List.of("pong");
    }

    @Override
    public Future<?> createLocal(ModuleContext node) {
      return Future.failedFuture("never started");
    }
  }

  public static final class Pong implements ServiceModule {
    @Override
    public String name() {
      return "pong";
    }

    @Override
    public Class<?> type() {
      return GuestBookService.class;
    }

    @Override
    public String address() {
      return "hg.test.pong";
    }

    @Override
    public List<String> uses() {
      return List.of("ping");
    }

    @Override
    public Future<?> createLocal(ModuleContext node) {
      return Future.failedFuture("never started");
    }
  }
}
