package org.nextim.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nextim.launcher.config.ConfigException;
import org.nextim.launcher.config.SettingsTable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebConfigTest {

  @TempDir
  Path dir;

  @Test
  void theDefaults() {
    WebConfig c = WebConfig.fromEnv(Map.of());
    assertEquals(8081, c.port());
    assertEquals("0.0.0.0", c.host());
    assertEquals("http://127.0.0.1:8080", c.gatewayUrl());
    assertEquals("en", c.lang());
    assertEquals(28_000, c.pollTimeoutMs());
    assertFalse(c.debug());
    assertNull(c.metricsToken(), "/metrics is open");
    assertEquals(10_000, c.requestTimeoutMs());
    assertEquals(65_000, c.keepAliveTimeoutMs());
  }

  @Test
  void everyVariableIsRead() {
    WebConfig c = WebConfig.fromEnv(Map.of("WEB_PORT", "9000", "WEB_HOST", "127.0.0.1",
        "WEB_GATEWAY_URL", "https://gw.example/", "WEB_LANG", "zh-CN", "WEB_POLL_TIMEOUT_MS", "5000", "WEB_DEBUG", "1",
        "WEB_METRICS_TOKEN", "t0ken", "WEB_REQUEST_TIMEOUT_MS", "2000", "WEB_KEEPALIVE_TIMEOUT_MS", "0"));
    assertEquals(WebSettings.ALL.all().size(), 9, "one entry per setting");
    assertEquals(9000, c.port());
    assertEquals("127.0.0.1", c.host());
    assertEquals("https://gw.example", c.gatewayUrl());
    assertEquals("zh-CN", c.lang());
    assertEquals(5000, c.pollTimeoutMs());
    assertTrue(c.debug());
    assertEquals("t0ken", c.metricsToken());
    assertEquals(2000, c.requestTimeoutMs());
    assertEquals(0, c.keepAliveTimeoutMs(), "0: no limit");
  }

  @Test
  void badValuesNameTheirVariable() {
    assertEquals("WEB_LANG: \"fr\" is not en or zh-CN",
        assertThrows(ConfigException.class, () -> WebConfig.fromEnv(Map.of("WEB_LANG", "fr"))).getMessage());
    assertEquals("WEB_POLL_TIMEOUT_MS: \"600001\" is not an integer (1–600000)", assertThrows(ConfigException.class,
        () -> WebConfig.fromEnv(Map.of("WEB_POLL_TIMEOUT_MS", "600001"))).getMessage());
    assertEquals("WEB_DEBUG: \"verbose\" is not true or false",
        assertThrows(ConfigException.class, () -> WebConfig.fromEnv(Map.of("WEB_DEBUG", "verbose"))).getMessage());
  }

  @Test
  void theFileGivesWhatTheEnvironmentDoesNot() throws Exception {
    Path file = dir.resolve("web.json");
    Files.writeString(file, "{\"WEB_PORT\": 9001, \"WEB_LANG\": \"zh-CN\", \"WEB_DEBUG\": true}");
    WebConfig c = WebConfig.fromEnv(Map.of("WEB_CONFIG_FILE", file.toString(), "WEB_LANG", "en"));
    assertEquals(9001, c.port());
    assertEquals("en", c.lang(), "the environment wins");
    assertTrue(c.debug());
  }

  @Test
  void theDocumentedTableIsTheRenderingOfTheSettings() {
    SettingsTable.verify(WebSettings.ALL, "web-client", Path.of("../docs/configuration.md"));
  }

  /** The main, from this module's classes, as a process: a typo in the file ends it with 1 and one line. */
  @Test
  void theMainExitsWithOneNamingAnUnknownKey() throws Exception {
    Path file = dir.resolve("web.json");
    Files.writeString(file, "{\"WEB_PROT\": 9001}");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName());
    pb.environment().keySet().removeIf(k -> k.startsWith("WEB_"));
    pb.environment().put("WEB_CONFIG_FILE", file.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.exitValue(), err);
    assertEquals("web-client: bad configuration: WEB_CONFIG_FILE: " + file + " has a key that no setting has: "
        + "WEB_PROT (did you mean WEB_PORT?) (the keys are the variable names of docs/configuration.md)\n", err);
  }
}
