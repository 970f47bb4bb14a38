package org.hypergrid.shell;

import io.vertx.core.Deployable;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code java -jar}: the Vert.x application launcher (same options: -conf, -cluster, -options
 * ...) with Vert.x's own metrics (HTTP servers and clients, event bus, pools, JVM) on by default,
 * in the Prometheus registry that {@code /metrics} serves. Options that configure metrics
 * themselves are left as given.
 */
public final class Main implements VertxApplicationHooks {

  public static void main(String[] args) {
    // Hazelcast logs through SLF4J (logback.xml decides), not java.util.logging to stderr.
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    Optional<String> badConf = unreadableConf(args);
    if (badConf.isPresent()) {
      System.err.println(badConf.get());
      System.exit(2);
    }
    int code = new VertxApplication(args, new Main()).launch();
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Why the {@code -conf} argument cannot be used, if so: the launcher would warn and start on
   * the defaults, and a node that silently ignores its config is worse than one that stops.
   * Inline JSON (a value starting with '{') is left to the launcher.
   */
  static Optional<String> unreadableConf(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      if ((arg.equals("-conf") || arg.equals("--conf")) && i + 1 < args.length) {
        value = args[i + 1];
      } else if (arg.startsWith("-conf=") || arg.startsWith("--conf=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      }
      if (value == null || value.trim().startsWith("{")) {
        continue;
      }
      Path file = Path.of(value);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        return Optional.of("Cannot start: the config file " + file.toAbsolutePath() + " does not exist or cannot be read");
      }
      try {
        new JsonObject(Files.readString(file));
      } catch (IOException | DecodeException e) {
        return Optional.of("Cannot start: the config file " + file.toAbsolutePath() + " is not a JSON object: "
          + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The server shell is the main verticle, as the manifest's Main-Verticle also says. */
  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return ServerShellVerticle::new;
  }

  /** The launcher's own report of this is silenced (logback.xml): one line instead of a stack trace. */
  @Override
  public void afterFailureToStartVertx(HookContext context, Throwable failure) {
    LoggerFactory.getLogger(Main.class).error("Vert.x could not start (exit code 11): {}", failure.getMessage());
  }

  @Override
  public void beforeStartingVertx(HookContext context) {
    if (context.vertxOptions().getMetricsOptions() == null || !context.vertxOptions().getMetricsOptions().isEnabled()) {
      // HTTP server series also by server (its local address: public and private apart) and by
      // route (the router's pattern, bounded; never the raw path).
      context.vertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true).setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .addLabels(Label.LOCAL, Label.HTTP_ROUTE));
    }
  }
}
