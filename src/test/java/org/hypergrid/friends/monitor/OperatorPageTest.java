package org.hypergrid.friends.monitor;

import io.vertx.core.json.JsonArray;
import org.hypergrid.support.HeadlessChromium;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator page in a real headless Chromium at 1280×800: grid B (the page's) hosts Alice and
 * Bob, grid A is Fred's. The page must show the node, the agents online, the regions with their
 * agents, the foreign grid with its circuit and notification counts, and a filterable event log.
 * A screenshot is saved in target/screenshots/operator.png.
 */
class OperatorPageTest {

  static final String WELCOME = "10000000-0000-0000-0000-000000000001";
  static final String SANDBOX = "10000000-0000-0000-0000-000000000002";
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String FREDS_PLACE = "a0000000-0000-0000-0000-000000000001";

  @Test
  void thePageShowsTheGridLive() throws Exception {
    Assumptions.assumeTrue(HeadlessChromium.installed(), "needs Debian's chromium (installed by .ci/run)");
    try (TestGrid gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray()
           .add(TestGrid.region(WELCOME, "Welcome")).add(TestGrid.region(SANDBOX, "Sandbox"))));
         TestGrid gridA = TestGrid.start(TestGrid.config("Grid A", new JsonArray()
           .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))));
         HeadlessChromium browser = HeadlessChromium.launch(gridB.vertx)) {
      Hypergrid.account(gridA, FRED, "Fred", "Foo");
      Hypergrid.account(gridB, ALICE, "Alice", "Smith");
      Hypergrid.account(gridB, BOB, "Bob", "Jones");
      Hypergrid.befriend(gridA, FRED, "Fred Foo", gridB, ALICE, "Alice Smith", "0a1b2c3d");
      Hypergrid.befriend(gridA, FRED, "Fred Foo", gridB, BOB, "Bob Jones", "4e5f6a7b");

      browser.open(gridB.privateUrl("/monitor/"));
      browser.waitUntil("document.getElementById('state').textContent", "connected"::equals, WAIT, "the page connects");
      browser.waitUntil("document.getElementById('node-count').textContent", "1"::equals, WAIT, "the node reports itself");
      assertEquals("Grid B", browser.eval("document.getElementById('grid-name').textContent"));

      gridB.login(WELCOME, ALICE);
      gridB.login(SANDBOX, BOB);
      browser.waitUntil("document.getElementById('online-count').textContent", "2"::equals, WAIT, "two agents online");
      browser.waitUntil("String(document.querySelectorAll('#agents tr').length)", "2"::equals, WAIT, "both in the agents list");
      browser.waitUntil("document.getElementById('regions').textContent", regions -> regions.contains("Welcome1"), WAIT,
        "Welcome shows its agent");

      gridA.login(FREDS_PLACE, FRED);
      browser.waitUntil("document.getElementById('grids').textContent",
        grids -> grids.contains("127.0.0.1") && grids.contains("closed"), WAIT, "grid A appears with its circuit closed");
      browser.waitUntil("document.querySelector('#grids tr td:nth-child(5)').textContent",
        count -> Integer.parseInt(count) >= 1, WAIT, "Fred's notification from grid A is counted in");
      browser.waitUntil("String(Number(document.getElementById('statuses').textContent) >= 2)", "true"::equals, WAIT,
        "Alice and Bob's regions delivered Fred's status");

      gridB.logout(SANDBOX, BOB);
      browser.waitUntil("document.getElementById('logouts').textContent", "1"::equals, WAIT, "the logout is counted");
      browser.waitUntil("String(document.querySelectorAll('#agents tr').length)", "1"::equals, WAIT, "Bob left the agents list");

      browser.eval("const f = document.getElementById('filter'); f.value = '" + BOB + "';"
        + "f.dispatchEvent(new Event('input')); 'filtered'");
      String visible = browser.eval("[...document.querySelectorAll('#events tr')].filter(r => !r.hidden)"
        + ".map(r => r.textContent).join('\\n')");
      assertTrue(visible.contains(BOB) && !visible.contains(ALICE), "the filter keeps Bob's events only: " + visible);
      browser.eval("const g = document.getElementById('filter'); g.value = ''; g.dispatchEvent(new Event('input')); 'x'");
      browser.screenshot(Path.of("target", "screenshots", "operator.png"));
    }
  }


}
