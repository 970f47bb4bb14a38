package org.hypergrid.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.hypergrid.support.HeadlessChromium;
import org.hypergrid.support.TestGrid;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator page on a node with many regions, in a real headless Chromium at 1280×800: how
 * long until it shows the node, the first page of regions, a filtered page and the next page;
 * the page's DOM size and JavaScript heap; and how quickly it answers (a trivial evaluation's
 * round trip) while agents log in and out at a steady rate and their events stream in.
 * With a fourth argument, that many agents are logged in first (400 a second, through the
 * regions API), and the state the page opens on ({@code /monitor/api/state}) is timed.
 * Arguments: regions logins-per-second seconds [agents online]
 */
public final class OperatorPageBench {

  /** How fast the agents of the fourth argument are brought online. */
  private static final int ONLINE_PER_SECOND = 400;

  public static void main(String[] args) throws Exception {
    int regions = Integer.parseInt(args[0]);
    int loginsPerSecond = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int online = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    JsonArray list = new JsonArray();
    for (int i = 0; i < regions; i++) {
      list.add(TestGrid.region(String.format("71000000-0000-0000-0000-%012d", i), "Region " + i));
    }
    long started = System.nanoTime();
    TestGrid grid = TestGrid.start(TestGrid.config("Page bench", list));
    System.out.printf("node ready with %d regions in %.1f s%n", regions, (System.nanoTime() - started) / 1e9);
    if (online > 0) {
      // Before the browser starts: its DevTools connection does not sit idle through minutes of logins.
      bringOnline(grid, online, regions);
      timeState(grid);
    }
    try (grid; HeadlessChromium browser = HeadlessChromium.launch(grid.vertx)) {
      Duration wait = Duration.ofSeconds(60);
      long t0 = System.nanoTime();
      browser.open(grid.privateUrl("/monitor/"));
      browser.waitUntil("document.getElementById('state').textContent", "subscribed"::equals, wait, "subscribed");
      report("page connected", t0);
      browser.waitUntil("document.getElementById('region-count').textContent", String.valueOf(regions)::equals, wait,
        "the node's report");
      report("region count shown (first node report)", t0);
      browser.waitUntil("String(document.querySelectorAll('#regions tr').length)", rows -> Integer.parseInt(rows) > 0,
        wait, "first page of regions");
      report("first page of regions shown", t0);

      long t1 = System.nanoTime();
      String target = "Region " + (regions - 1);
      browser.eval("const f = document.getElementById('region-filter'); f.value = '" + target + "';"
        + "f.dispatchEvent(new Event('input')); 'ok'");
      browser.waitUntil("document.getElementById('regions').textContent", text -> text.contains(target), wait,
        "filtered page");
      report("filter to one region of " + regions, t1);
      browser.eval("const g = document.getElementById('region-filter'); g.value = '';"
        + "g.dispatchEvent(new Event('input')); 'ok'");
      browser.waitUntil("document.getElementById('region-page').textContent",
        text -> text.startsWith("1–") && text.endsWith("of " + regions), wait, "back to the first page of all");
      long t2 = System.nanoTime();
      browser.eval("document.getElementById('next').click(); 'ok'");
      browser.waitUntil("document.getElementById('region-page').textContent", text -> !text.startsWith("1–"), wait,
        "next page");
      report("next page of regions", t2);

      // Agents come and go at a steady rate while the page's responsiveness is sampled.
      List<Long> roundTrips = new ArrayList<>();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long period = 1_000_000_000L / loginsPerSecond;
      long next = System.nanoTime();
      int agent = 0;
      List<Future<?>> pending = new ArrayList<>();
      while (System.nanoTime() < end) {
        if (System.nanoTime() >= next) {
          String id = String.format("7a000000-0000-0000-0000-%012d", agent);
          String region = String.format("71000000-0000-0000-0000-%012d", agent % regions);
          pending.add(agent % 2 == 0 ? grid.loginLater(region, id, null)
            : grid.logoutLater(String.format("71000000-0000-0000-0000-%012d", (agent - 1) % regions),
              String.format("7a000000-0000-0000-0000-%012d", agent - 1)));
          agent++;
          next += period;
          continue;
        }
        long probe = System.nanoTime();
        browser.eval("1");
        roundTrips.add((System.nanoTime() - probe) / 1_000);
      }
      TestGrid.await(Future.join(pending));
      long[] sorted = roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("page round trip under %d logins+logouts/s for %d s: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
          + " (%d samples)%n", loginsPerSecond, seconds, LoadGenerator.percentile(sorted, 0.5) / 1000.0,
        LoadGenerator.percentile(sorted, 0.99) / 1000.0, sorted[sorted.length - 1] / 1000.0, sorted.length);
      String logins = browser.eval("document.getElementById('logins').textContent");
      System.out.printf("logins counted on the page: %s of %d%n", logins, (agent + 1) / 2);
      System.out.printf("DOM elements: %s, event rows: %s, region rows: %s%n",
        browser.eval("String(document.getElementsByTagName('*').length)"),
        browser.eval("String(document.querySelectorAll('#events tr').length)"),
        browser.eval("String(document.querySelectorAll('#regions tr').length)"));
      System.out.printf("JS heap used: %.1f MiB%n", Double.parseDouble(browser.eval(
        "String(performance.memory ? performance.memory.usedJSHeapSize : 0)")) / (1 << 20));
      browser.screenshot(Path.of("bench", "out", "operator-" + regions + ".png"));
      System.out.println("screenshot (1280x800): bench/out/operator-" + regions + ".png");
    }
    System.exit(0);
  }

  /**
   * {@code count} agents online, spread over the regions, at a steady {@value #ONLINE_PER_SECOND}
   * logins a second (open loop: a login's friends are looked up after it is answered, so a closed
   * loop would outrun the store).
   */
  private static void bringOnline(TestGrid grid, int count, int regions) {
    long started = System.nanoTime();
    long period = 1_000_000_000L / ONLINE_PER_SECOND;
    List<Future<?>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long due = started + i * period;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      pending.add(grid.loginLater(String.format("71000000-0000-0000-0000-%012d", i % regions),
        String.format("7b000000-0000-0000-0000-%012d", i), null));
      if (pending.size() == 1_000) {
        TestGrid.await(Future.join(pending));
        pending.clear();
      }
    }
    TestGrid.await(Future.join(pending));
    System.out.printf("%d agents online in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
  }

  /** How long the state the page opens on takes to answer, five times over. */
  private static void timeState(TestGrid grid) {
    List<Long> took = new ArrayList<>();
    int bytes = 0;
    for (int i = 0; i < 5; i++) {
      long started = System.nanoTime();
      bytes = TestGrid.await(grid.http.getAbs(grid.privateUrl("/monitor/api/state")).send()).body().length();
      took.add((System.nanoTime() - started) / 1_000_000);
    }
    System.out.printf("/monitor/api/state with the agents online: %s ms (%d bytes)%n", took, bytes);
  }

  private static void report(String what, long since) {
    System.out.printf("%-44s %8.0f ms%n", what, (System.nanoTime() - since) / 1e6);
  }
}
