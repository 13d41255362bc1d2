package org.nextim.router.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged router jar as a separate JVM, started the way it is deployed: {@code java -jar}, ROUTER_* env. */
public final class RouterProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("im-router listening on [0-9.]+:(\\d+)(?:.*cluster node ([0-9a-f-]+))?");

  private final Process process;
  private final StringBuilder output = new StringBuilder();
  private int port;
  private String nodeId;

  private RouterProcess(Process process) {
    this.process = process;
  }

  /** Starts the jar and waits for its "listening" line. */
  public static RouterProcess start(Map<String, String> env) {
    Path jar = Path.of(System.getProperty("basedir", "."), "target", "im-router.jar");
    assertTrue(Files.isRegularFile(jar), "packaged jar missing: " + jar.toAbsolutePath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true);
    pb.environment().putAll(env);
    RouterProcess rp;
    try {
      rp = new RouterProcess(pb.start());
    } catch (Exception e) {
      throw new AssertionError("cannot start " + jar, e);
    }
    Thread reader = new Thread(rp::readOutput, "router-stdout");
    reader.setDaemon(true);
    reader.start();
    Matcher m = rp.awaitOutput(LISTENING, 60_000);
    rp.port = Integer.parseInt(m.group(1));
    rp.nodeId = m.group(2);
    return rp;
  }

  private void readOutput() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (output) {
          output.append(line).append('\n');
          output.notifyAll();
        }
      }
    } catch (Exception e) {
      // the process ended
    }
    synchronized (output) {
      output.append("<exit>\n");
      output.notifyAll();
    }
  }

  /** Waits until the output matches {@code pattern}; returns the match. */
  public Matcher awaitOutput(Pattern pattern, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    synchronized (output) {
      while (true) {
        Matcher m = pattern.matcher(output);
        if (m.find()) {
          return m;
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || output.indexOf("<exit>") >= 0) {
          throw new AssertionError("no output matching " + pattern + " within " + timeoutMs + " ms:\n" + output);
        }
        try {
          output.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  public int port() {
    return port;
  }

  /** The cluster node id, or null when the router runs alone. */
  public String nodeId() {
    return nodeId;
  }

  public String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  /** SIGTERM, then waits for the process to end; returns its exit code. */
  public int terminate(long timeoutMs) {
    process.destroy();
    try {
      assertTrue(process.waitFor(timeoutMs, TimeUnit.MILLISECONDS), "still running after SIGTERM:\n" + output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
