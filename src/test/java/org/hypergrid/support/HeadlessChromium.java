package org.hypergrid.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the DevTools protocol: open a page, evaluate JavaScript
 * in it, take a screenshot. Needs {@code /usr/bin/chromium} (Debian's package; .ci/run installs it).
 */
public final class HeadlessChromium implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/chromium");

  private final Vertx vertx;
  private final Process process;
  private final Path profile;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, Promise<JsonObject>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Vertx vertx, Process process, Path profile, WebSocket page) {
    this.vertx = vertx;
    this.process = process;
    this.profile = profile;
    this.page = page;
    page.textMessageHandler(text -> {
      JsonObject message = new JsonObject(text);
      Promise<JsonObject> waiting = message.containsKey("id") ? pending.remove(message.getInteger("id")) : null;
      if (waiting != null) {
        waiting.complete(message);
      }
    });
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  public static HeadlessChromium launch(Vertx vertx) throws IOException {
    Path profile = Files.createTempDirectory("hg-chromium");
    Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
      "--no-first-run", "--disable-dev-shm-usage", "--remote-allow-origins=*",
      "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,800",
      "about:blank").redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    TestGrid.eventually(Duration.ofSeconds(30), () -> Files.exists(portFile) && size(portFile) > 0,
      "Chromium announces its DevTools port");
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    WebClient http = WebClient.create(vertx);
    // A freshly installed Chromium may announce its port before its page target takes connections:
    // look the target up again and retry until a deadline, then say what Chromium logged.
    WebSocket socket = null;
    Throwable last = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (socket == null && System.nanoTime() < deadline) {
      try {
        socket = TestGrid.await(http.getAbs("http://127.0.0.1:" + port + "/json/list").send()
          .map(list -> list.bodyAsJsonArray().stream().map(JsonObject.class::cast)
            .filter(t -> "page".equals(t.getString("type"))).findFirst()
            .orElseThrow(() -> new IllegalStateException("no page target yet")))
          .compose(target -> vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(64 << 20)
            .setMaxMessageSize(64 << 20)).connect(new WebSocketConnectOptions()
            .setAbsoluteURI(target.getString("webSocketDebuggerUrl")).setAllowOriginHeader(false))));
      } catch (RuntimeException e) {
        last = e;
        TestGrid.await(vertx.timer(200));
      }
    }
    if (socket == null) {
      process.destroy();
      throw new IllegalStateException("Chromium's DevTools page could not be reached; its log:\n"
        + Files.readString(profile.resolve("chromium.log")), last);
    }
    return new HeadlessChromium(vertx, process, profile, socket);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  public void open(String url) {
    call("Page.navigate", new JsonObject().put("url", url));
  }

  /** The value of a JavaScript expression in the page, as text. */
  public String eval(String expression) {
    return TestGrid.await(evalLater(expression));
  }

  /** {@link #eval}, without waiting. */
  public Future<String> evalLater(String expression) {
    return callLater("Runtime.evaluate", new JsonObject().put("expression", expression).put("returnByValue", true))
      .map(reply -> {
        Object value = reply.getJsonObject("result", new JsonObject()).getJsonObject("result", new JsonObject())
          .getValue("value");
        return value == null ? "" : String.valueOf(value);
      });
  }

  /** Waits until the expression's value satisfies {@code holds} (asked on a timer), failing at the deadline. */
  public void waitUntil(String expression, Predicate<String> holds, Duration deadline, String what) {
    TestGrid.await(TestGrid.until(vertx, deadline, () -> evalLater(expression).map(holds::test), what));
  }

  public void screenshot(Path file) throws IOException {
    String png = call("Page.captureScreenshot", new JsonObject().put("format", "png"))
      .getJsonObject("result").getString("data");
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(png));
  }

  private JsonObject call(String method, JsonObject params) {
    return TestGrid.await(callLater(method, params));
  }

  private Future<JsonObject> callLater(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    Promise<JsonObject> reply = Promise.promise();
    pending.put(id, reply);
    Future<Void> sent = page.writeTextMessage(new JsonObject().put("id", id).put("method", method)
      .put("params", params).encode());
    return sent.compose(v -> reply.future());
  }

  @Override
  public void close() throws IOException {
    TestGrid.await(page.close());
    // Chromium's helpers (network, GPU) write into the profile too: all of them must be gone before
    // it is deleted. The browser is stopped first, so it closes its connections and helpers itself.
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    awaitExit(process.toHandle());
    helpers.forEach(ProcessHandle::destroy);
    helpers.forEach(HeadlessChromium::awaitExit);
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static void awaitExit(ProcessHandle handle) {
    try {
      handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Chromium (pid " + handle.pid() + ") did not exit within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
