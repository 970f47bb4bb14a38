package org.hypergrid.spi;

import io.vertx.ext.web.Router;

/**
 * An HTTP IN connector a node's server may list under {@code mounts}. A public mount faces the
 * internet (the grid's protocol for foreign grids and simulators); a private one never shares a
 * server with public mounts, and beyond loopback needs the access token.
 */
public record Mount(String name, boolean isPublic, Installer installer) {

  /** Adds the connector's routes; runs once per server instance, on that instance's event loop. */
  @FunctionalInterface
  public interface Installer {
    void install(Router router, ServerContext server);
  }

  public static Mount publicMount(String name, Installer installer) {
    return new Mount(name, true, installer);
  }

  public static Mount privateMount(String name, Installer installer) {
    return new Mount(name, false, installer);
  }
}
