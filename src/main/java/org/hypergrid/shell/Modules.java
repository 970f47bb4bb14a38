package org.hypergrid.shell;

import org.hypergrid.spi.Mount;
import org.hypergrid.spi.ServiceModule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The service modules on the class path ({@link ServiceLoader}), and the mounts they and the
 * shell offer. The shell's own mounts work for any module: {@code services} (every configured
 * interface over HTTP), {@code health} and {@code metrics} ({@link ShellMounts}).
 */
final class Modules {

  private static final Map<String, ServiceModule> ALL = load();
  private static final Map<String, Mount> SHELL_MOUNTS = shellMounts();
  private static final Map<String, Owned> MOUNTS = Collections.unmodifiableMap(allMounts());

  private Modules() {
  }

  private static Map<String, ServiceModule> load() {
    Map<String, ServiceModule> found = new TreeMap<>();
    for (ServiceModule module : ServiceLoader.load(ServiceModule.class)) {
      ServiceModule earlier = found.putIfAbsent(module.name(), module);
      if (earlier != null && earlier.getClass() != module.getClass()) {
        throw new IllegalStateException("two modules are named '" + module.name() + "': "
          + earlier.getClass().getName() + " and " + module.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(found);
  }

  /** The shell's own mounts, declared for validation; {@link ShellMounts} installs them. */
  private static Map<String, Mount> shellMounts() {
    Map<String, Mount> mounts = new LinkedHashMap<>();
    for (String name : ShellMounts.NAMES) {
      mounts.put(name, Mount.privateMount(name, null));
    }
    return mounts;
  }

  static Map<String, ServiceModule> all() {
    return ALL;
  }

  static ServiceModule get(String name) {
    return ALL.get(name);
  }

  /** Every mount by name, with the module that offers it (null for the shell's own). */
  static Map<String, Owned> mounts() {
    return MOUNTS;
  }

  private static Map<String, Owned> allMounts() {
    Map<String, Owned> mounts = new TreeMap<>();
    SHELL_MOUNTS.forEach((name, mount) -> mounts.put(name, new Owned(mount, null)));
    for (ServiceModule module : ALL.values()) {
      for (Mount mount : module.mounts()) {
        mounts.putIfAbsent(mount.name(), new Owned(mount, module.name()));
      }
    }
    return mounts;
  }

  record Owned(Mount mount, String module) {
  }

  /**
   * The configured services in an order where each comes after the services it uses; a used
   * service that is not configured, or a cycle, is added to {@code problems}.
   */
  static List<String> dependencyOrder(Set<String> configured, List<String> problems) {
    List<String> order = new ArrayList<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (String name : new TreeSet<>(configured)) {
      visit(name, configured, visiting, order, problems);
    }
    return order;
  }

  private static void visit(String name, Set<String> configured, Set<String> visiting, List<String> order,
                            List<String> problems) {
    if (order.contains(name) || ALL.get(name) == null) {
      return;
    }
    if (!visiting.add(name)) {
      List<String> cycle = new ArrayList<>(visiting);
      cycle = cycle.subList(cycle.indexOf(name), cycle.size());
      String problem = "services use each other in a cycle: " + String.join(" → ", cycle) + " → " + name;
      if (problems.stream().noneMatch(p -> p.startsWith("services use each other in a cycle"))) {
        problems.add(problem);
      }
      return;
    }
    for (String used : ALL.get(name).uses()) {
      if (!configured.contains(used)) {
        problems.add("service '" + name + "' uses '" + used + "', which is not configured: say how it is reached "
          + "(via local, bus or http)");
      } else {
        visit(used, configured, visiting, order, problems);
      }
    }
    visiting.remove(name);
    if (!order.contains(name)) {
      order.add(name);
    }
  }
}
