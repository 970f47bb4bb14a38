package org.hypergrid.architecture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The map of the code, as the README draws it, checked on the sources: features are slices whose
 * layers depend one way, slices do not know each other, shared packages know no feature, the
 * store knows no SPI, nothing knows the shell, and the cluster manager's internals stay in one class.
 */
class PackageDependenciesTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(org\\.hypergrid\\.[a-z.]+)\\.[A-Z]",
    Pattern.MULTILINE);
  /** Each slice's layers, lowest first: a layer may use only layers before it (and shared packages). */
  private static final Map<String, List<String>> SLICES = Map.of(
    "org.hypergrid.friends", List.of("api", "clients", "engine", "impl", "handlers|monitor", ""),
    "org.hypergrid.assets", List.of("api", "xml", "clients", "impl", "handlers", ""));
  private static final Set<String> SHARED = Set.of("org.hypergrid.spi", "org.hypergrid.store", "org.hypergrid.runtime",
    "org.hypergrid.wire", "org.hypergrid.rpc");

  /** package → the project packages it imports. */
  private static final Map<String, Set<String>> USES = new TreeMap<>();
  private static final Map<Path, String> TEXTS = new TreeMap<>();

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        TEXTS.put(file, text);
        String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
        Set<String> uses = USES.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            uses.add(m.group(1));
          }
        }
      }
    }
  }

  @Test
  void layersOfASliceDependOneWayAndSlicesDoNotKnowEachOther() {
    List<String> wrong = new ArrayList<>();
    USES.forEach((pkg, uses) -> {
      String slice = sliceOf(pkg);
      for (String used : uses) {
        String usedSlice = sliceOf(used);
        if (usedSlice == null) {
          continue;
        }
        if (slice == null) {
          wrong.add(pkg + " (shared) uses the feature package " + used);
        } else if (!slice.equals(usedSlice)) {
          wrong.add(pkg + " uses another feature's " + used);
        } else if (rank(slice, used) >= rank(slice, pkg)) {
          wrong.add(pkg + " uses " + used + ", a layer at or above its own");
        }
      }
    });
    assertEquals(List.of(), wrong);
  }

  @Test
  void sharedPackagesKnowNoShellAndTheStoreKnowsNoSpi() {
    List<String> wrong = new ArrayList<>();
    USES.forEach((pkg, uses) -> {
      if (!pkg.equals("org.hypergrid.shell") && uses.contains("org.hypergrid.shell")) {
        wrong.add(pkg + " uses the shell");
      }
      if (pkg.equals("org.hypergrid.store") && !uses.isEmpty()) {
        wrong.add("the store uses " + uses);
      }
    });
    assertEquals(List.of(), wrong);
    assertTrue(USES.keySet().stream().noneMatch(pkg -> pkg.endsWith(".out") || pkg.contains(".out.")),
      "no package called out: " + USES.keySet());
  }

  @Test
  void theShellNamesNoConnectorOrServiceOfAFeature() {
    USES.getOrDefault("org.hypergrid.shell", Set.of()).forEach(used -> assertTrue(SHARED.contains(used),
      "the shell uses only shared packages, not " + used));
  }

  @Test
  void onlyTheClusterViewKnowsTheClusterManagersInternals() {
    List<String> knowing = new ArrayList<>();
    TEXTS.forEach((file, text) -> {
      if (text.contains("VertxInternal") || text.contains("com.hazelcast") || text.contains("HazelcastClusterManager")) {
        knowing.add(SOURCES.relativize(file).toString());
      }
    });
    assertEquals(List.of("org/hypergrid/runtime/ClusterView.java"), knowing);
  }

  private static String sliceOf(String pkg) {
    return SLICES.keySet().stream().filter(slice -> pkg.equals(slice) || pkg.startsWith(slice + "."))
      .findFirst().orElse(null);
  }

  private static int rank(String slice, String pkg) {
    String layer = pkg.equals(slice) ? "" : pkg.substring(slice.length() + 1).split("\\.")[0];
    List<String> layers = SLICES.get(slice);
    for (int i = 0; i < layers.size(); i++) {
      if (List.of(layers.get(i).split("\\|", -1)).contains(layer)) {
        return i;
      }
    }
    throw new AssertionError(pkg + " is not a layer of " + slice + " " + layers);
  }
}
