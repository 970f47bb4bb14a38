package org.hypergrid.testmodule;

import io.vertx.core.Future;
import org.hypergrid.spi.ModuleContext;
import org.hypergrid.spi.NamedServiceModule;

import java.util.List;

/** Two modules that use each other: a config naming both must be refused, never started. */
public final class CyclicModules {

  private CyclicModules() {
  }

  /** A module that is never started: only its name and what it uses matter. */
  private abstract static class NeverStarted extends NamedServiceModule {
    private final String uses;

    NeverStarted(String name, String uses) {
      super(name, GuestBookService.class, "hg.test." + name);
      this.uses = uses;
    }

    @Override
    public List<String> uses() {
      return List.of(uses);
    }

    @Override
    public Future<?> createLocal(ModuleContext node) {
      return Future.failedFuture("never started");
    }
  }

  public static final class Ping extends NeverStarted {
    public Ping() {
      super("ping", "pong");
    }
  }

  public static final class Pong extends NeverStarted {
    public Pong() {
      super("pong", "ping");
    }
  }
}
