package org.hypergrid.shell;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.hypergrid.friends.api.Uui;
import org.hypergrid.support.AgentInbox;
import org.hypergrid.support.Hypergrid;
import org.hypergrid.support.NodeProcess;
import org.hypergrid.support.TestGrid;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.FRED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alerting rules and the dashboard in conf/ are checked with Prometheus's own tool against a
 * running node (started as java -jar starts it): {@code promtool check rules} accepts the rules,
 * {@code promtool check metrics} finds nothing to say of the grid's metrics, and every metric the
 * rules and the dashboard name exists on the node's {@code /metrics} once it has done its work
 * (an agent logged in, a notification sent to a foreign grid and one received from it).
 */
class OperatorArtifactsTest {

  static final String WELCOME = "e3000000-0000-0000-0000-000000000001";
  static final String FREDS_PLACE = "e3000000-0000-0000-0000-0000000000f1";
  static final String SECRET = "a1e27ec2";
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  /** Micrometer's JVM binders name these three; promtool's naming lint dislikes them, they are not ours. */
  static final Set<String> LIBRARY_NAMES = Set.of("jvm_compilation_time_ms_total", "process_cpu_time_ns_total",
    "system_cpu_count");

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theRulesAndTheDashboardNameOnlyMetricsANodeServesAndPromtoolAcceptsThem() throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool missing (apt-get install prometheus; .ci/run installs it)");
    Path rules = Path.of("conf", "prometheus-rules.yml");
    Path dashboard = Path.of("conf", "grafana-dashboard.json");
    Result checked = run(List.of(PROMTOOL.toString(), "check", "rules", rules.toString()), null);
    assertEquals(0, checked.status(), checked.output());

    JsonObject config = TestGrid.config("Watched grid", new JsonArray().add(TestGrid.region(WELCOME, "Welcome")));
    int port = config.getJsonObject("http").getJsonObject("private").getInteger("port");
    String home = config.getJsonObject("grid").getString("homeUri");
    try (TestGrid fredsGrid = TestGrid.start(TestGrid.config("Fred's grid", new JsonArray()
           .add(TestGrid.region(FREDS_PLACE, "Fred's Place"))));
         AgentInbox fred = new AgentInbox(fredsGrid.vertx, FRED);
         NodeProcess node = NodeProcess.start("watched-" + UUID.randomUUID().toString().substring(0, 8), config, null,
           null).awaitReady(Duration.ofSeconds(120))) {
      String fredHome = fredsGrid.config.getJsonObject("grid").getString("homeUri");
      Hypergrid.account(fredsGrid, FRED, "Fred", "Foo");
      Hypergrid.foreignFriend(fredsGrid, FRED, Uui.format(ALICE, home, "Alice Smith", SECRET));
      assertEquals(200, post(port, "/services/usermanagement/storeAccount", new JsonObject().put("account",
        new JsonObject().put("userId", ALICE).put("firstName", "Alice").put("lastName", "Smith"))));
      assertEquals(200, post(port, "/services/friends/storeFriendship", new JsonObject().put("localId", ALICE)
        .put("friend", Uui.format(FRED, fredHome, "Fred Foo", SECRET)).put("flags", 1)));
      fredsGrid.login(FREDS_PLACE, FRED);
      assertEquals(200, post(port, "/regions/" + WELCOME + "/agents", new JsonObject().put("agentId", ALICE)));
      fred.await(AgentInbox.friendStatus(ALICE, true), "Fred hears Alice log in: a notification sent");
      assertEquals(200, fredsGrid.logout(FREDS_PLACE, FRED).statusCode(), "and one received: Fred leaves");

      Set<String> wanted = new TreeSet<>(metricsNamedIn(Files.readString(rules)));
      JsonObject dash = new JsonObject(Files.readString(dashboard));
      for (Object panel : dash.getJsonArray("panels")) {
        for (Object target : ((JsonObject) panel).getJsonArray("targets")) {
          wanted.addAll(metricsNamedIn(((JsonObject) target).getString("expr")));
        }
      }
      assertTrue(wanted.size() >= 15, "the rules and dashboard name the grid's metrics: " + wanted);
      String[] exposition = {""};
      Set<String> missing = new TreeSet<>();
      TestGrid.eventually(Duration.ofSeconds(20), () -> {
        exposition[0] = get(port, "/metrics");
        missing.clear();
        wanted.stream().filter(name -> !exposition[0].contains("\n" + name + "{")
          && !exposition[0].contains("\n" + name + " ")).forEach(missing::add);
        return missing.isEmpty();
      }, "every metric the rules and the dashboard name is on /metrics");

      Result lint = run(List.of(PROMTOOL.toString(), "check", "metrics"), exposition[0]);
      List<String> ours = lint.output().lines().filter(line -> !line.isBlank())
        .filter(line -> LIBRARY_NAMES.stream().noneMatch(line::startsWith)).toList();
      assertEquals(List.of(), ours, "promtool finds nothing to say of the grid's own metrics");
      node.stop();
    }
  }

  /** Metric names in a PromQL text: words of ours, of Vert.x's or of the JVM's. */
  static Set<String> metricsNamedIn(String text) {
    Set<String> names = new TreeSet<>();
    Matcher words = Pattern.compile("\\b(?:hg|vertx|jvm|process)_[a-z0-9_]+\\b").matcher(text);
    while (words.find()) {
      names.add(words.group());
    }
    return names;
  }

  record Result(int status, String output) {
  }

  private static Result run(List<String> command, String input) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (input != null) {
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool answers");
    return new Result(process.exitValue(), output);
  }

  private int post(int port, String path, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.discarding())
      .statusCode();
  }

  private String get(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "";
    }
  }
}
