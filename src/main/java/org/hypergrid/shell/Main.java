package org.hypergrid.shell;

import io.vertx.core.Deployable;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.function.Supplier;

/**
 * {@code java -jar}: the Vert.x application launcher (same options: -conf, -cluster, -options
 * ...) with Vert.x's own metrics (HTTP servers and clients, event bus, pools, JVM) on by default,
 * in the Prometheus registry that {@code /metrics} serves. Options that configure metrics
 * themselves are left as given.
 */
public final class Main implements VertxApplicationHooks {

  public static void main(String[] args) {
    int code = new VertxApplication(args, new Main()).launch();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The server shell is the main verticle, as the manifest's Main-Verticle also says. */
  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return ServerShellVerticle::new;
  }

  @Override
  public void beforeStartingVertx(HookContext context) {
    if (context.vertxOptions().getMetricsOptions() == null || !context.vertxOptions().getMetricsOptions().isEnabled()) {
      context.vertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true).setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    }
  }
}
