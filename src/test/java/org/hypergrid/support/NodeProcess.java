package org.hypergrid.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A node in a JVM process of its own, started from the built classes the way {@code java -jar}
 * starts it (the Vert.x application launcher and the server shell), so a test can kill it with -9.
 * Its output goes to {@code target/nodes/<name>.log}.
 */
public final class NodeProcess implements AutoCloseable {

  public static final Path DIR = Path.of("target", "nodes");

  public final String name;
  public final int privatePort;
  public final Path log;
  private final Process process;

  private NodeProcess(String name, int privatePort, Path log, Process process) {
    this.name = name;
    this.privatePort = privatePort;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts a node with this config (its private server must mount {@code health}); {@code clusterXml}
   * null for a node of its own, else it joins that cluster with HA on in group {@code haGroup}.
   */
  public static NodeProcess start(String name, JsonObject config, Path clusterXml, String haGroup) throws IOException {
    Files.createDirectories(DIR);
    Path conf = DIR.resolve(name + ".json");
    Files.writeString(conf, config.encodePrettily());
    Path log = DIR.resolve(name + ".log");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
      "-Dhazelcast.logging.type=slf4j", "-cp", classpath));
    if (clusterXml != null) {
      command.add("-Dvertx.hazelcast.config=" + clusterXml.toAbsolutePath());
    }
    // As java -jar starts it: the project's main (Vert.x's metrics on, Hazelcast through SLF4J).
    command.addAll(List.of("org.hypergrid.shell.Main", "-conf", conf.toAbsolutePath().toString()));
    if (clusterXml != null) {
      command.addAll(List.of("-cluster", "-cluster-host", "127.0.0.1",
        "-options", new JsonObject().put("haEnabled", true).put("haGroup", haGroup).encode()));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    int port = config.getJsonObject("http").getJsonObject("private").getInteger("port");
    return new NodeProcess(name, port, log, process);
  }

  /** Polls the node's /health until it answers 200; fails at the deadline or when the process ends. */
  public NodeProcess awaitReady(Duration deadline) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + privatePort + "/health"))
      .timeout(Duration.ofSeconds(2)).build();
    TestGrid.eventually(deadline, () -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }, name + " ready (see " + log + ")");
    return this;
  }

  /** Waits for the process to end by itself; its exit code. Killed (and a failure) at the deadline. */
  public int waitForExit(Duration deadline) throws InterruptedException {
    if (!process.waitFor(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      kill9();
      throw new AssertionError(name + " did not exit within " + deadline + "; see " + log);
    }
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGSTOP, as kill -STOP: the whole process stalls (a GC pause, a frozen VM) until {@link #resume}. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** SIGCONT: a paused process runs on, unaware that time passed. */
  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    int status = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (status != 0) {
      throw new IOException("kill " + signal + " " + process.pid() + " exited with " + status);
    }
  }

  /**
   * The data of one check of the node's private {@code /health} ({@code status}: UP or DOWN, added),
   * or null when the node does not answer.
   */
  public JsonObject health(String checkId) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try {
      HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + privatePort
        + "/health")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      for (Object check : new JsonObject(reply.body()).getJsonArray("checks")) {
        JsonObject found = (JsonObject) check;
        if (checkId.equals(found.getString("id"))) {
          return found.getJsonObject("data", new JsonObject()).copy().put("status", found.getString("status"));
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The lines of the node's log so far. */
  public List<String> logLines() throws IOException {
    return Files.readAllLines(log);
  }

  /** SIGKILL, as kill -9: no shutdown hook, nothing cleaned up. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as an operator's stop: the launcher closes Vert.x and the node shuts down in order. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      kill9();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill9();
    }
  }
}
