package org.nextim.launcher;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A main that reads its configuration through {@link ServiceLauncher#configuration}, run as a process. */
class ConfigurationExitTest {

  private record Ended(int code, String stdout, String stderr) {
  }

  private static Ended run(Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ConfiguredMain.class.getName());
    pb.environment().keySet().removeIf(k -> k.startsWith("DEMO_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process did not end");
    return new Ended(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void aBadValueEndsTheProcessWithOneAndOneLineNamingIt() throws Exception {
    Ended e = run(Map.of("DEMO_PORT", "abc"));
    assertEquals(1, e.code(), e.stderr());
    assertEquals("demo: bad configuration: DEMO_PORT: \"abc\" is not an integer (0–65535)\n", e.stderr(),
        "one line, no stack trace");
    assertEquals("", e.stdout());
  }

  @Test
  void aGoodValueIsUsed() throws Exception {
    Ended e = run(Map.of("DEMO_PORT", "9000"));
    assertEquals(0, e.code(), e.stderr());
    assertEquals("port 9000\n", e.stdout());
  }
}
