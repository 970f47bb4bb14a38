package org.hypergrid.friends.monitor;

import io.vertx.core.json.JsonArray;
import org.hypergrid.support.HeadlessChromium;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live page, in a real browser: it connects to the bridge and shows a login as it happens. */
class MonitorPageTest {

  static final String PLAZA = "90000000-0000-0000-0000-000000000001";
  static final String GINA = "90000000-0000-0000-0000-0000000000aa";

  @Test
  void aLoginAppearsOnTheMonitorPage() throws Exception {
    Assumptions.assumeTrue(HeadlessChromium.installed(), "needs Debian's chromium (installed by .ci/run)");
    try (TestGrid grid = TestGrid.start(TestGrid.config("Observed", new JsonArray().add(TestGrid.region(PLAZA, "Plaza"))));
         HeadlessChromium browser = HeadlessChromium.launch(grid.vertx)) {
      browser.open(grid.privateUrl("/monitor/"));
      browser.waitUntil("document.getElementById('state') && document.getElementById('state').textContent",
        "subscribed"::equals, Duration.ofSeconds(20), "the page has its state and subscriptions");

      grid.login(PLAZA, GINA);
      browser.waitUntil("document.getElementById('logins').textContent", "1"::equals, Duration.ofSeconds(10),
        "the login is counted on the page");
      String firstRow = browser.eval("document.querySelector('#events tr').textContent");
      assertTrue(firstRow.contains(GINA) && firstRow.contains("Plaza") && firstRow.contains("login"), firstRow);
      browser.screenshot(Path.of("target", "screenshots", "monitor.png"));
    }
  }

  @Test
  void theBridgeLetsNothingInbound() throws Exception {
    Assumptions.assumeTrue(HeadlessChromium.installed(), "needs Debian's chromium (installed by .ci/run)");
    try (TestGrid grid = TestGrid.start(TestGrid.config("Observed", new JsonArray()));
         HeadlessChromium browser = HeadlessChromium.launch(grid.vertx)) {
      browser.open(grid.privateUrl("/monitor/"));
      browser.waitUntil("document.getElementById('state') && document.getElementById('state').textContent",
        "subscribed"::equals, Duration.ofSeconds(20), "the page has its state and subscriptions");
      // From the page, try to call a service through the bridge: it must be refused.
      browser.eval("window.hgReply = 'pending';"
        + "(function(){ const ws = new WebSocket('ws://' + location.host + '/eventbus/websocket');"
        + " ws.binaryType = 'arraybuffer';"
        + " ws.onmessage = m => { window.hgReply = new TextDecoder().decode(m.data); };"
        + " ws.onopen = () => ws.send(JSON.stringify({type:'send', address:'hg.service.friends',"
        + " headers:{action:'storeFriend'}, replyAddress:'x', body:{principalId:'a', friend:'b', flags:1}})); })(); 'sent'");
      browser.waitUntil("window.hgReply", reply -> reply.contains("access_denied"), Duration.ofSeconds(10),
        "the bridge answers access_denied");
    }
  }
}
