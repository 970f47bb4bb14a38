package org.hypergrid.shell;

import com.sun.management.UnixOperatingSystemMXBean;
import io.vertx.core.json.JsonObject;
import org.hypergrid.spi.ConfigSection;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What one HTTP server lets a connection hold: open connections in all and from one remote
 * address, a deadline for a request's headers and one for its body (counted from their start, so
 * a caller trickling a byte at a time cannot stretch them), and how long a kept-alive connection
 * may wait for its next request. The {@code connections} section, with a server's own
 * {@code http.<server>.connections} over it.
 */
record ConnectionSettings(int maxTotal, int maxPerAddress, long headerTimeoutMs, long bodyTimeoutMs,
                          long idleTimeoutMs) {

  /** A server's share of the process's file descriptors when {@code maxTotal} is 0 (automatic). */
  private static final int SHARE_OF_DESCRIPTORS = 4;
  private static final int AUTOMATIC_FLOOR = 256;

  /** The settings of {@code server}; each problem found is added to {@code problems}. */
  static ConnectionSettings read(JsonObject config, String server, List<String> problems) {
    JsonObject merged = config.getJsonObject("connections", new JsonObject()).copy();
    Object own = config.getJsonObject("http", new JsonObject()).getJsonObject(server, new JsonObject())
      .getValue("connections");
    if (own instanceof JsonObject overrides) {
      merged.mergeIn(overrides);
    } else if (own != null) {
      problems.add("http." + server + ".connections must be a section");
    }
    ConfigSection section = ConfigSection.of(new JsonObject().put("connections", merged), "connections", problems);
    long total = section.nonNegativeLong("maxTotal");
    return new ConnectionSettings(total == 0 ? automaticTotal() : (int) Math.min(Integer.MAX_VALUE, total),
      section.positiveInt("maxPerAddress"), section.positiveLong("headerTimeoutMs"),
      section.positiveLong("bodyTimeoutMs"), section.positiveLong("idleTimeoutMs"));
  }

  /**
   * A quarter of the file descriptors this process may open, so a flood on one server leaves
   * room for the others, the store, the cluster and our own outbound calls.
   */
  static int automaticTotal() {
    long descriptors = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
      ? unix.getMaxFileDescriptorCount() : 4 * 4096;
    return (int) Math.max(AUTOMATIC_FLOOR, Math.min(Integer.MAX_VALUE, descriptors / SHARE_OF_DESCRIPTORS));
  }

  /** How often the deadlines are checked: often enough that none is overrun by more than a quarter. */
  long sweepMs() {
    long shortest = Math.min(headerTimeoutMs, Math.min(bodyTimeoutMs, idleTimeoutMs));
    return Math.max(25, Math.min(1000, shortest / 4));
  }
}
