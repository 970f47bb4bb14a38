package org.hypergrid.friends.monitor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator page in a real headless Chromium at 1280×800, as an operator uses it: grid B (the
 * page's) hosts Alice and Bob, grid A is Fred's. Opened after they logged in, and again after a
 * reload, the page shows the grid as it is: the node, the agents online by name, the regions with
 * their node and agents, the foreign grid with its circuit and counts. When grid A goes down, a
 * notification to it fails and shows as a problem (in red) and as a failure of that grid; when it
 * comes back, notifications reach it again. Screenshots are saved in target/screenshots/.
 */
class OperatorPageTest {

  static final String WELCOME = "10000000-0000-0000-0000-000000000001";
  static final String SANDBOX = "10000000-0000-0000-0000-000000000002";
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String FREDS_PLACE = "a0000000-0000-0000-0000-000000000001";

  @Test
  void thePageShowsTheGridAsItIsItsProblemsAndTheirRecovery() throws Exception {
    Assumptions.assumeTrue(HeadlessChromium.installed(), "needs Debian's chromium (installed by .ci/run)");
    JsonObject gridAConfig = TestGrid.config("Grid A", new JsonArray().add(TestGrid.region(FREDS_PLACE, "Fred's Place")));
    try (TestGrid gridB = TestGrid.start(TestGrid.config("Grid B", new JsonArray()
           .add(TestGrid.region(WELCOME, "Welcome")).add(TestGrid.region(SANDBOX, "Sandbox"))));
         HeadlessChromium browser = HeadlessChromium.launch(gridB.vertx)) {
      TestGrid gridA = TestGrid.start(gridAConfig.copy());
      try {
        Hypergrid.account(gridA, FRED, "Fred", "Foo");
        Hypergrid.account(gridB, ALICE, "Alice", "Smith");
        Hypergrid.account(gridB, BOB, "Bob", "Jones");
        Hypergrid.befriend(gridA, FRED, "Fred Foo", gridB, ALICE, "Alice Smith", "0a1b2c3d");
        Hypergrid.befriend(gridA, FRED, "Fred Foo", gridB, BOB, "Bob Jones", "4e5f6a7b");
        gridA.login(FREDS_PLACE, FRED);
        gridB.login(WELCOME, ALICE);
        gridB.login(SANDBOX, BOB);

        // Opened after the fact, and again after a reload: the grid as it is, names first.
        for (int load = 0; load < 2; load++) {
          if (load == 0) {
            browser.open(gridB.privateUrl("/monitor/"));
          } else {
            // The old document must not answer for the new one: it says "reloading" until replaced.
            browser.eval("document.getElementById('state').textContent = 'reloading'; location.reload(); 'reloading'");
          }
          browser.waitUntil("document.getElementById('state') ? document.getElementById('state').textContent : ''",
            "subscribed"::equals, WAIT, "the page has its state and its subscriptions");
          assertEquals("Grid B", browser.eval("document.getElementById('grid-name').textContent"));
          assertEquals("2", browser.eval("document.getElementById('online-count').textContent"), "two agents online");
          String agents = browser.eval("document.getElementById('agents').textContent");
          assertTrue(agents.contains("Alice Smith") && agents.contains("Bob Jones"), "agents by name: " + agents);
          assertFalse(agents.contains(ALICE), "a UUID only on hover: " + agents);
          assertEquals("1", browser.eval("document.getElementById('node-count').textContent"), "one node");
          browser.waitUntil("document.getElementById('regions').textContent",
            regions -> regions.contains("Sandbox") && regions.contains("Welcome"), WAIT, "the grid's regions");
          assertEquals("1", browser.eval("[...document.querySelectorAll('#regions tr')]"
            + ".find(r => r.textContent.startsWith('Welcome')).children[2].textContent"), "Welcome has Alice");
        }
        browser.waitUntil("document.getElementById('grids').textContent",
          grids -> grids.contains("127.0.0.1") && grids.contains("closed"), WAIT, "grid A, its circuit closed");
        assertEquals("healthy", browser.eval("document.getElementById('health').textContent"));
        browser.screenshot(Path.of("target", "screenshots", "operator.png"));
        String sentBefore = browser.eval("document.querySelector('#grids tr').children[5].textContent");

        // Grid A goes down: Bob's logout cannot reach it; the page shows the problem and the failure.
        gridA.close();
        gridB.logout(SANDBOX, BOB);
        browser.waitUntil("document.getElementById('problems').textContent",
          problems -> problems.contains("notification failed") && problems.contains("127.0.0.1"), WAIT,
          "the failed notification is a problem, with its grid");
        assertEquals("problem", browser.eval("document.querySelector('#problems tr').className"), "shown in red");
        browser.waitUntil("document.getElementById('health').className", "bad"::equals, WAIT, "the header says so");
        browser.waitUntil("document.querySelector('#grids tr').children[6].textContent",
          failed -> Integer.parseInt(failed) >= 1, WAIT, "grid A's failures are counted");
        browser.waitUntil("String(document.querySelectorAll('#agents tr').length)", "1"::equals, WAIT,
          "Bob left the agents list");
        String logoutRow = browser.eval("[...document.querySelectorAll('#events tr')]"
          + ".find(r => r.textContent.includes('logout')).className");
        assertEquals("left", logoutRow, "a logout is no error: not red");
        browser.screenshot(Path.of("target", "screenshots", "operator-problem.png"));

        // Grid A back: notifications reach it again.
        gridA = TestGrid.start(gridAConfig.copy());
        gridB.login(SANDBOX, BOB);
        browser.waitUntil("document.querySelector('#grids tr').children[5].textContent",
          sent -> Integer.parseInt(sent) > Integer.parseInt(sentBefore), WAIT, "notifications reach grid A again");
        browser.eval("const f = document.getElementById('filter'); f.value = 'Bob Jones';"
          + "f.dispatchEvent(new Event('input')); 'filtered'");
        String visible = browser.eval("[...document.querySelectorAll('#events tr')].filter(r => !r.hidden)"
          + ".map(r => r.textContent).join('\\n')");
        assertTrue(visible.contains("Bob Jones") && !visible.contains("Alice Smith"), "filtered by name: " + visible);
      } finally {
        gridA.close();
      }
    }
  }
}
