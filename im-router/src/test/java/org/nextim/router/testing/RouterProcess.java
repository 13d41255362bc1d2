package org.nextim.router.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged router jar as a separate JVM, started the way it is deployed: {@code java -jar}, ROUTER_* env.
 * For fault injection it can be paused (SIGSTOP), resumed (SIGCONT), killed (SIGKILL) and started again
 * with the same environment and JVM options ({@link #restart}: a new process, so a new cluster node id).
 */
public final class RouterProcess implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("im-router listening on [0-9.]+:(\\d+)(?:.*cluster node ([0-9a-f-]+))?");

  private final Process process;
  private final Path jar;
  private final Map<String, String> env;
  private final List<String> jvmOptions;
  private final StringBuilder output = new StringBuilder();
  private int port;
  private String nodeId;

  private RouterProcess(Process process, Path jar, Map<String, String> env, List<String> jvmOptions) {
    this.process = process;
    this.jar = jar;
    this.env = env;
    this.jvmOptions = jvmOptions;
  }

  /** Starts the jar and waits for its "listening" line. */
  public static RouterProcess start(Map<String, String> env) {
    return start(env, List.of());
  }

  /** The packaged jar of this module. */
  public static Path packagedJar() {
    return Path.of(System.getProperty("basedir", "."), "target", "im-router.jar");
  }

  /** Starts the jar with JVM options (e.g. {@code -Xmx384m}) before {@code -jar}; waits for "listening". */
  public static RouterProcess start(Map<String, String> env, List<String> jvmOptions) {
    return start(packagedJar(), env, jvmOptions);
  }

  /** Starts {@code jar} (e.g. a private copy of the packaged one) with JVM options; waits for "listening". */
  public static RouterProcess start(Path jar, Map<String, String> env, List<String> jvmOptions) {
    assertTrue(Files.isRegularFile(jar), "packaged jar missing: " + jar.toAbsolutePath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // The harnesses that run the jar drive load through few users and one address: rate limits are off
    // unless the test sets ROUTER_RATE_LIMITS (LimitsTest checks them in-process).
    pb.environment().put("ROUTER_RATE_LIMITS", "false");
    // Nor load shedding, unless the caller's environment or the test asks for it: a JVM just started
    // runs late while it loads its classes and would refuse the first calls (the chaos suite sets it).
    pb.environment().putIfAbsent("ROUTER_SHED_LAG_MS", "0");
    pb.environment().putAll(env);
    RouterProcess rp;
    try {
      rp = new RouterProcess(pb.start(), jar, Map.copyOf(env), List.copyOf(jvmOptions));
    } catch (Exception e) {
      throw new AssertionError("cannot start " + jar, e);
    }
    Thread reader = new Thread(rp::readOutput, "router-stdout");
    reader.setDaemon(true);
    reader.start();
    Matcher m;
    try {
      m = rp.awaitOutput(LISTENING, 60_000);
    } catch (AssertionError e) {
      rp.process.destroyForcibly(); // no half-started router outlives the failure
      throw e;
    }
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

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Completes when the process has ended, with its exit code (143 after SIGTERM, 137 after SIGKILL). */
  public java.util.concurrent.CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /** The environment it was started with (a restart uses the same). */
  public Map<String, String> env() {
    return new HashMap<>(env);
  }

  /** SIGSTOP: the JVM freezes (no thread runs, sockets stay open, the kernel still accepts connections). */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause}. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + name + " " + process.pid() + " failed: " + out);
      }
    } catch (java.io.IOException e) {
      throw new AssertionError("cannot run kill -" + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGKILL (no shutdown hook runs, Hazelcast says no goodbye), then waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running after SIGKILL");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * SIGTERM without waiting (the shutdown hook hands the pages over and leaves the cluster). Sent with
   * kill, as a supervisor does: {@code Process.destroy()} also closes this side of the process's
   * output pipe, and what its shutdown hook logs would be lost.
   */
  public void terminateAsync() {
    signal("TERM");
  }

  /** Waits until the process ended; false if it still runs after {@code timeoutMs}. */
  public boolean awaitExit(long timeoutMs) {
    try {
      return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A new process of the same jar with the same environment and JVM options (same Hazelcast port): a new
   * incarnation with a new cluster node id. This one must have ended.
   */
  public RouterProcess restart() {
    assertTrue(!process.isAlive(), "restart of a process that still runs");
    return start(jar, env, jvmOptions);
  }

  public String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  /** SIGTERM, then waits for the process to end; returns its exit code. */
  public int terminate(long timeoutMs) {
    signal("TERM");
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
      try {
        resume(); // a stopped JVM cannot run its SIGTERM handler
      } catch (AssertionError e) {
        // ended meanwhile
      }
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
