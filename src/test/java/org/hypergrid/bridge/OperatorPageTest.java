package org.hypergrid.bridge;

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
      waitFor(browser, "document.getElementById('state').textContent", "connected", "the page connects");
      waitFor(browser, "document.getElementById('node-count').textContent", "1", "the node reports itself");
      assertEquals("Grid B", browser.eval("document.getElementById('grid-name').textContent"));

      gridB.login(WELCOME, ALICE);
      gridB.login(SANDBOX, BOB);
      waitFor(browser, "document.getElementById('online-count').textContent", "2", "two agents online");
      waitFor(browser, "String(document.querySelectorAll('#agents tr').length)", "2", "both in the agents list");
      TestGrid.eventually(Duration.ofSeconds(10), () -> browser.eval("document.getElementById('regions').textContent")
        .contains("Welcome1"), "Welcome shows its agent");

      gridA.login(FREDS_PLACE, FRED);
      TestGrid.eventually(Duration.ofSeconds(15), () -> {
        String grids = browser.eval("document.getElementById('grids').textContent");
        return grids.contains("127.0.0.1") && grids.contains("closed");
      }, "grid A appears with its circuit closed");
      TestGrid.eventually(Duration.ofSeconds(15), () -> Integer.parseInt(browser.eval(
          "document.querySelector('#grids tr td:nth-child(5)').textContent")) >= 1,
        "Fred's notification from grid A is counted in");
      waitFor(browser, "String(Number(document.getElementById('statuses').textContent) >= 2)", "true",
        "Alice and Bob's regions delivered Fred's status");

      gridB.logout(SANDBOX, BOB);
      waitFor(browser, "document.getElementById('logouts').textContent", "1", "the logout is counted");
      waitFor(browser, "String(document.querySelectorAll('#agents tr').length)", "1", "Bob left the agents list");

      browser.eval("const f = document.getElementById('filter'); f.value = '" + BOB + "';"
        + "f.dispatchEvent(new Event('input')); 'filtered'");
      String visible = browser.eval("[...document.querySelectorAll('#events tr')].filter(r => !r.hidden)"
        + ".map(r => r.textContent).join('\\n')");
      assertTrue(visible.contains(BOB) && !visible.contains(ALICE), "the filter keeps Bob's events only: " + visible);
      browser.eval("const g = document.getElementById('filter'); g.value = ''; g.dispatchEvent(new Event('input')); 'x'");
      browser.screenshot(Path.of("target", "screenshots", "operator.png"));
    }
  }

  private static void waitFor(HeadlessChromium browser, String expression, String expected, String what) {
    TestGrid.eventually(Duration.ofSeconds(15), () -> expected.equals(browser.eval(expression)), what);
  }
}
