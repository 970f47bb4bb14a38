package org.hypergrid.runtime;

import io.vertx.core.Vertx;
import org.hypergrid.runtime.OutboundPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.hypergrid.support.TestGrid.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses the outbound policy refuses; address literals only, so nothing is resolved or sent. */
class OutboundPolicyTest {

  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void addressesInsideTheOperatorsNetworkAreRefused() throws Exception {
    OutboundPolicy strict = new OutboundPolicy(vertx, false, false);
    String[][] refused = {
      {"127.0.0.1", "loopback"}, {"::1", "loopback"}, {"10.1.2.3", "private"}, {"172.16.0.9", "private"},
      {"192.168.1.1", "private"}, {"169.254.169.254", "link-local"}, {"fe80::1", "link-local"},
      {"224.0.0.1", "multicast"}, {"0.0.0.0", "unspecified"}, {"100.64.0.1", "carrier-grade NAT"},
      {"fd00::1", "unique-local"}};
    for (String[] row : refused) {
      assertEquals(row[1], strict.refusal(InetAddress.getByName(row[0])), row[0]);
    }
    assertNull(strict.refusal(InetAddress.getByName("93.184.216.34")), "a public address may be contacted");
    OutboundPolicy loopbackAllowed = new OutboundPolicy(vertx, true, false);
    assertNull(loopbackAllowed.refusal(InetAddress.getByName("127.0.0.1")));
    assertEquals("private", loopbackAllowed.refusal(InetAddress.getByName("10.1.2.3")));
  }

  @Test
  void onlyHttpUrlsToAllowedHostsPass() {
    OutboundPolicy strict = new OutboundPolicy(vertx, false, false);
    for (String url : new String[] {"file:///etc/passwd", "gopher://10.0.0.1/", "http://user:pw@93.184.216.34/",
      "not a url", "http:///nohost", "http://127.0.0.1:8002/", "http://[::1]/", "https://10.0.0.1/"}) {
      Throwable e = assertThrows(IllegalStateException.class, () -> await(strict.check(url)), url);
      assertTrue(e.getMessage().contains("outbound policy refuses"), url + ": " + e.getMessage());
    }
    await(new OutboundPolicy(vertx, true, false).check("http://127.0.0.1:8002/"));
  }
}
