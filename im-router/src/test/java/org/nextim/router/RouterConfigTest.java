package org.nextim.router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nextim.launcher.config.ConfigException;
import org.nextim.launcher.config.SettingsTable;
import org.nextim.limits.RateLimit;
import org.nextim.router.core.Limits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterConfigTest {

  @TempDir
  Path dir;

  private static String failure(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> RouterConfig.fromEnv(env)).getMessage();
  }

  @Test
  void theDefaults() {
    RouterConfig c = RouterConfig.fromEnv(Map.of());
    assertEquals(8000, c.port());
    assertEquals("0.0.0.0", c.host());
    assertEquals(Map.of("localhost", "public"), c.domains());
    assertEquals(28_000, c.pollTimeoutMs());
    assertEquals(8_000, c.idleTimeoutMs());
    assertEquals(1000, c.pageBuffer());
    assertEquals(1_048_576, c.maxBodyBytes());
    assertEquals(Runtime.getRuntime().availableProcessors(), c.eventLoops());
    assertFalse(c.cluster());
    assertEquals("127.0.0.1", c.clusterHost());
    assertEquals(5701, c.clusterPort());
    assertEquals(0, c.eventBusPort());
    assertEquals(List.of("127.0.0.1:5701"), c.clusterMembers(), "this node alone");
    assertEquals(5, c.clusterJoinWaitSeconds());
    assertEquals(15, c.clusterFailureSeconds());
    assertEquals(3000, c.clusterCallTimeoutMs());
    assertNull(c.metricsToken());
    assertEquals(10_000, c.requestTimeoutMs());
    assertEquals(65_000, c.keepAliveTimeoutMs());
    assertEquals(250, c.shedLagMs());
    assertEquals(10_000, c.shedWarmUpMs());
    assertTrue(c.rateLimits());
    assertEquals(new RateLimit(10, 60), c.pageMessages());
    assertEquals(new RateLimit(20, 120), c.userMessages());
    assertEquals(new RateLimit(20, 100), c.pageTyping());
    assertEquals(new RateLimit(40, 200), c.userTyping());
    assertEquals(new RateLimit(2, 30), c.userLogins());
    assertEquals(new RateLimit(200, 1000), c.addressLogins());
    assertEquals(RateLimit.OFF, c.domainMessages());
    assertEquals(0, c.domainMaxOnline());
    assertNull(c.adminToken());
    assertNull(c.tenantsFile());
    assertEquals(3600, c.keyOverlapSeconds());
    assertEquals(new RouterConfig().toJson(), c.toJson(), "new RouterConfig() is the defaults too");
  }

  @Test
  void everyVariableIsRead() {
    Map<String, String> env = new HashMap<>();
    env.put("ROUTER_PORT", "9000");
    env.put("ROUTER_HOST", "127.0.0.2");
    env.put("ROUTER_DOMAINS", "a.com=k1, b.org=k2");
    env.put("ROUTER_POLL_TIMEOUT_MS", "1000");
    env.put("ROUTER_IDLE_TIMEOUT_MS", "2000");
    env.put("ROUTER_PAGE_BUFFER", "10");
    env.put("ROUTER_MAX_BODY_BYTES", "4096");
    env.put("ROUTER_EVENT_LOOPS", "3");
    env.put("ROUTER_CLUSTER", "true");
    env.put("ROUTER_CLUSTER_HOST", "10.0.0.1");
    env.put("ROUTER_CLUSTER_PORT", "5801");
    env.put("ROUTER_EVENTBUS_PORT", "5901");
    env.put("ROUTER_CLUSTER_MEMBERS", "10.0.0.1:5801,10.0.0.2:5801");
    env.put("ROUTER_CLUSTER_JOIN_WAIT_S", "1");
    env.put("ROUTER_CLUSTER_FAILURE_S", "4");
    env.put("ROUTER_CLUSTER_CALL_TIMEOUT_MS", "500");
    env.put("ROUTER_METRICS_TOKEN", "metrics-token");
    env.put("ROUTER_REQUEST_TIMEOUT_MS", "0");
    env.put("ROUTER_KEEPALIVE_TIMEOUT_MS", "0");
    env.put("ROUTER_SHED_LAG_MS", "0");
    env.put("ROUTER_SHED_WARM_UP_MS", "0");
    env.put("ROUTER_RATE_LIMITS", "false");
    env.put("ROUTER_LIMIT_PAGE_MESSAGES", "1:2");
    env.put("ROUTER_LIMIT_USER_MESSAGES", "3:4");
    env.put("ROUTER_LIMIT_PAGE_TYPING", "5:6");
    env.put("ROUTER_LIMIT_USER_TYPING", "7:8");
    env.put("ROUTER_LIMIT_USER_LOGINS", "0.5:9");
    env.put("ROUTER_LIMIT_ADDRESS_LOGINS", "off");
    env.put("ROUTER_LIMIT_DOMAIN_MESSAGES", "100:1000");
    env.put("ROUTER_LIMIT_DOMAIN_ONLINE", "50");
    env.put("ROUTER_LIMIT_KEYS", "64");
    env.put("ROUTER_ADMIN_TOKEN", "0123456789abcdef");
    env.put("ROUTER_TENANTS_FILE", "data/tenants.json");
    env.put("ROUTER_KEY_OVERLAP_S", "0");
    assertEquals(RouterSettings.ALL.all().size(), env.size(), "one entry per setting");
    RouterConfig c = RouterConfig.fromEnv(env);
    assertEquals(9000, c.port());
    assertEquals("127.0.0.2", c.host());
    assertEquals(Map.of("a.com", "k1", "b.org", "k2"), c.domains());
    assertEquals(1000, c.pollTimeoutMs());
    assertEquals(2000, c.idleTimeoutMs());
    assertEquals(10, c.pageBuffer());
    assertEquals(4096, c.maxBodyBytes());
    assertEquals(3, c.eventLoops());
    assertTrue(c.cluster());
    assertEquals("10.0.0.1", c.clusterHost());
    assertEquals(5801, c.clusterPort());
    assertEquals(5901, c.eventBusPort());
    assertEquals(List.of("10.0.0.1:5801", "10.0.0.2:5801"), c.clusterMembers());
    assertEquals(1, c.clusterJoinWaitSeconds());
    assertEquals(4, c.clusterFailureSeconds());
    assertEquals(500, c.clusterCallTimeoutMs());
    assertEquals("metrics-token", c.metricsToken());
    assertEquals(0, c.requestTimeoutMs());
    assertEquals(0, c.keepAliveTimeoutMs());
    assertEquals(0, c.shedLagMs());
    assertEquals(0, c.shedWarmUpMs());
    assertFalse(c.rateLimits());
    assertSame(Limits.NONE, c.limits());
    assertEquals(new RateLimit(1, 2), c.pageMessages());
    assertEquals(new RateLimit(3, 4), c.userMessages());
    assertEquals(new RateLimit(5, 6), c.pageTyping());
    assertEquals(new RateLimit(7, 8), c.userTyping());
    assertEquals(new RateLimit(0.5, 9), c.userLogins());
    assertEquals(RateLimit.OFF, c.addressLogins());
    assertEquals(new RateLimit(100, 1000), c.domainMessages());
    assertEquals(50, c.domainMaxOnline());
    assertEquals("0123456789abcdef", c.adminToken());
    assertEquals("data/tenants.json", c.tenantsFile());
    assertEquals(0, c.keyOverlapSeconds());
    assertEquals(c.toJson(), new RouterConfig(c.toJson()).toJson(), "the JSON keys read back");
  }

  @Test
  void badValuesNameTheirVariableAndWhatIsExpected() {
    assertEquals("ROUTER_PORT: \"abc\" is not an integer (0–65535)", failure(Map.of("ROUTER_PORT", "abc")));
    assertEquals("ROUTER_POLL_TIMEOUT_MS: \"0\" is not an integer (at least 1)",
        failure(Map.of("ROUTER_POLL_TIMEOUT_MS", "0")));
    assertEquals("ROUTER_CLUSTER: \"maybe\" is not true or false", failure(Map.of("ROUTER_CLUSTER", "maybe")));
    assertEquals("ROUTER_DOMAINS: \"a.com=k1,b.org\" is not a comma-separated list of domain=apikey pairs "
        + "('b.org' is not domain=apikey)", failure(Map.of("ROUTER_DOMAINS", "a.com=k1,b.org")));
    assertEquals("ROUTER_DOMAINS: \"\" is not a comma-separated list of domain=apikey pairs (no domain in it)",
        failure(Map.of("ROUTER_DOMAINS", "")), "set but empty is an error, as it was");
    assertEquals("ROUTER_CLUSTER_MEMBERS: \"10.0.0.1:5701,10.0.0.2\" is not a comma-separated list of host:port "
        + "('10.0.0.2' is not host:port)", failure(Map.of("ROUTER_CLUSTER_MEMBERS", "10.0.0.1:5701,10.0.0.2")));
    assertEquals("ROUTER_LIMIT_PAGE_MESSAGES: \"10/60\" is not RATE:BURST (e.g. 10:60) or off",
        failure(Map.of("ROUTER_LIMIT_PAGE_MESSAGES", "10/60")));
    assertEquals("ROUTER_ADMIN_TOKEN: a value of 5 characters (not shown) is not at least 16 characters",
        failure(Map.of("ROUTER_ADMIN_TOKEN", "short")));
    assertEquals("ROUTER_LIMIT_KEYS: \"31\" is not an integer (32–100000000)", failure(Map.of("ROUTER_LIMIT_KEYS", "31")));
  }

  @Test
  void theFileGivesWhatTheEnvironmentDoesNot() throws IOException {
    Path file = dir.resolve("router.json");
    Files.writeString(file, "{\"ROUTER_PORT\": 9100, \"ROUTER_CLUSTER\": true, \"ROUTER_DOMAINS\": \"x.org=k\","
        + " \"ROUTER_LIMIT_USER_LOGINS\": \"1:5\"}");
    RouterConfig c = RouterConfig.fromEnv(Map.of("ROUTER_CONFIG_FILE", file.toString(), "ROUTER_PORT", "9200"));
    assertEquals(9200, c.port(), "the environment wins");
    assertTrue(c.cluster());
    assertEquals(Map.of("x.org", "k"), c.domains());
    assertEquals(new RateLimit(1, 5), c.userLogins());
    assertEquals(28_000, c.pollTimeoutMs(), "neither: the default");
  }

  @Test
  void aTypoInTheFileIsAnError() throws IOException {
    Path file = dir.resolve("router.json");
    Files.writeString(file, "{\"ROUTER_POLL_TIMEOUT\": 1000}");
    assertEquals("ROUTER_CONFIG_FILE: " + file + " has a key that no setting has: ROUTER_POLL_TIMEOUT (did you mean "
        + "ROUTER_POLL_TIMEOUT_MS?) (the keys are the variable names of docs/configuration.md)",
        failure(Map.of("ROUTER_CONFIG_FILE", file.toString())));
  }

  @Test
  void theDocumentedTableIsTheRenderingOfTheSettings() {
    SettingsTable.verify(RouterSettings.ALL, "im-router", Path.of("../docs/configuration.md"));
  }

  /** The main, from this module's classes, as a process: a bad value ends it with 1 and one line. */
  @Test
  void theMainExitsWithOneNamingABadValue() throws Exception {
    Path file = dir.resolve("router.json");
    Files.writeString(file, "{\"ROUTER_IDLE_TIMEOUT_MS\": \"soon\"}");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), file.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("ROUTER_"));
    pb.environment().put("ROUTER_PORT", "0");
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.exitValue(), err);
    assertEquals("im-router: bad configuration: ROUTER_IDLE_TIMEOUT_MS: \"soon\" is not an integer (at least 1), in "
        + "ROUTER_CONFIG_FILE " + file + "\n", err);
  }
}
