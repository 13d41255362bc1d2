package org.nextim.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nextim.launcher.config.ConfigException;
import org.nextim.launcher.config.SettingsTable;
import org.nextim.limits.RateLimit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest {

  @Test
  void demoModeHasDefaultsForEverything() {
    GatewayConfig c = GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true"));
    assertEquals(GatewayConfig.DEFAULT_PORT, c.port());
    assertEquals("http://127.0.0.1:8000", c.routerUrl());
    assertEquals("http://127.0.0.1:8000", c.routerPublicUrl());
    assertEquals("localhost", c.domain());
    assertEquals("public", c.apikey());
    assertEquals(GatewayConfig.DEFAULT_DB_URL, c.dbUrl());
    assertTrue(c.demo());
    assertTrue(c.generatedSecrets());
    assertNotNull(c.jwtSecret());
    assertNotNull(c.siteApiKey());
  }

  @Test
  void everyVariableIsRead() {
    GatewayConfig c = GatewayConfig.fromEnv(Map.ofEntries(
        Map.entry("GATEWAY_PORT", "9090"),
        Map.entry("GATEWAY_ROUTER_URL", "http://router:8000/"),
        Map.entry("GATEWAY_ROUTER_PUBLIC_URL", "https://im.example.com"),
        Map.entry("GATEWAY_DOMAIN", "example.com"),
        Map.entry("GATEWAY_APIKEY", "k"),
        Map.entry("GATEWAY_SITE_API_KEY", "site"),
        Map.entry("GATEWAY_DB_URL", "jdbc:postgresql://db/im"),
        Map.entry("GATEWAY_DB_USER", "im"),
        Map.entry("GATEWAY_DB_PASSWORD", "pw"),
        Map.entry("GATEWAY_JWT_SECRET", "0123456789abcdef0123"),
        Map.entry("GATEWAY_ALLOWED_ORIGINS", "https://a.example, https://b.example")));
    assertEquals(9090, c.port());
    assertEquals("http://router:8000", c.routerUrl());
    assertEquals("https://im.example.com", c.routerPublicUrl());
    assertEquals("example.com", c.domain());
    assertEquals("k", c.apikey());
    assertEquals("site", c.siteApiKey());
    assertEquals("jdbc:postgresql://db/im", c.dbUrl());
    assertEquals("im", c.dbUser());
    assertEquals("pw", c.dbPassword());
    assertEquals(List.of("https://a.example", "https://b.example"), c.allowedOrigins());
    assertFalse(c.demo());
    assertFalse(c.generatedSecrets());
  }

  @Test
  void withoutDemoTheSecretsAreRequired() {
    IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
        () -> GatewayConfig.fromEnv(Map.of("GATEWAY_JWT_SECRET", "0123456789abcdef0123")));
    assertTrue(noKey.getMessage().contains("GATEWAY_SITE_API_KEY"), noKey.getMessage());
    IllegalArgumentException noSecret = assertThrows(IllegalArgumentException.class,
        () -> GatewayConfig.fromEnv(Map.of("GATEWAY_SITE_API_KEY", "k")));
    assertTrue(noSecret.getMessage().contains("GATEWAY_JWT_SECRET"), noSecret.getMessage());
  }

  @Test
  void badValuesNameTheirVariable() {
    for (Map<String, String> env : List.of(
        Map.of("GATEWAY_DEMO", "true", "GATEWAY_PORT", "http"),
        Map.of("GATEWAY_DEMO", "true", "GATEWAY_PORT", "70000"),
        Map.of("GATEWAY_DEMO", "maybe"),
        Map.of("GATEWAY_DEMO", "true", "GATEWAY_ROUTER_URL", "router:8000"),
        Map.of("GATEWAY_DEMO", "true", "GATEWAY_DB_URL", "jdbc:mysql://x/y"),
        Map.of("GATEWAY_DEMO", "true", "GATEWAY_JWT_SECRET", "short"),
        Map.of("GATEWAY_DEMO", "true", "GATEWAY_ROUTER_RETRY_MS", "-1"),
        Map.of("GATEWAY_DEMO", "true", "GATEWAY_ROUTER_RETRY_MS", "2s"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.fromEnv(env));
      String var = env.keySet().stream().filter(k -> !k.equals("GATEWAY_DEMO") || env.size() == 1).findFirst().orElseThrow();
      assertTrue(e.getMessage().startsWith(var), var + ": " + e.getMessage());
    }
  }

  @Test
  void theRouterRetryBudgetDefaultsToTwoSecondsAndZeroTurnsItOff() {
    assertEquals(2_000, GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true")).routerRetryMs());
    assertEquals(0, GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true", "GATEWAY_ROUTER_RETRY_MS", "0")).routerRetryMs());
    assertEquals(5_000, GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true", "GATEWAY_ROUTER_RETRY_MS", "5000")).routerRetryMs());
  }

  @Test
  void everyVariableOfTheTableIsRead() {
    Map<String, String> env = new HashMap<>();
    env.put("GATEWAY_PORT", "9090");
    env.put("GATEWAY_HOST", "127.0.0.1");
    env.put("GATEWAY_ROUTER_URL", "http://router:8000/");
    env.put("GATEWAY_ROUTER_PUBLIC_URL", "https://im.example.com/");
    env.put("GATEWAY_DOMAIN", "example.com");
    env.put("GATEWAY_APIKEY", "k");
    env.put("GATEWAY_SITE_API_KEY", " site ");
    env.put("GATEWAY_METRICS_TOKEN", "m");
    env.put("GATEWAY_JWT_SECRET", "0123456789abcdef");
    env.put("GATEWAY_DB_URL", "jdbc:h2:mem:x");
    env.put("GATEWAY_DB_USER", " im ");
    env.put("GATEWAY_DB_PASSWORD", " pw ");
    env.put("GATEWAY_DB_POOL_SIZE", "3");
    env.put("GATEWAY_DEMO", "no");
    env.put("GATEWAY_ALLOWED_ORIGINS", "*");
    env.put("GATEWAY_MAX_BODY_BYTES", "1024");
    env.put("GATEWAY_SITE_MAX_BODY_BYTES", "2048");
    env.put("GATEWAY_MAX_NEW_MESSAGES", "5");
    env.put("GATEWAY_ROUTER_TIMEOUT_MS", "700");
    env.put("GATEWAY_ROUTER_RETRY_MS", "100");
    env.put("GATEWAY_DEMO_TOKEN_TTL_S", "60");
    env.put("GATEWAY_REQUEST_TIMEOUT_MS", "0");
    env.put("GATEWAY_KEEPALIVE_TIMEOUT_MS", "0");
    env.put("GATEWAY_RATE_LIMITS", "on");
    env.put("GATEWAY_LIMIT_USER_REQUESTS", "2:20");
    env.put("GATEWAY_LIMIT_KEYS", "32");
    assertEquals(GatewaySettings.ALL.all().size(), env.size(), "one entry per setting");
    GatewayConfig c = GatewayConfig.fromEnv(env);
    assertEquals(9090, c.port());
    assertEquals("127.0.0.1", c.host());
    assertEquals("http://router:8000", c.routerUrl());
    assertEquals("https://im.example.com", c.routerPublicUrl());
    assertEquals("example.com", c.domain());
    assertEquals("k", c.apikey());
    assertEquals("site", c.siteApiKey());
    assertEquals("m", c.metricsToken());
    assertEquals("0123456789abcdef", c.jwtSecret());
    assertEquals("jdbc:h2:mem:x", c.dbUrl());
    assertEquals(" im ", c.dbUser(), "credentials are taken as given");
    assertEquals(" pw ", c.dbPassword());
    assertEquals(3, c.dbPoolSize());
    assertFalse(c.demo());
    assertEquals(List.of("*"), c.allowedOrigins());
    assertEquals(1024, c.maxBodyBytes());
    assertEquals(2048, c.siteMaxBodyBytes());
    assertEquals(5, c.maxNewMessages());
    assertEquals(700, c.routerTimeoutMs());
    assertEquals(100, c.routerRetryMs());
    assertEquals(60, c.demoTokenTtlS());
    assertEquals(0, c.requestTimeoutMs());
    assertEquals(0, c.keepAliveTimeoutMs());
    assertEquals(new RateLimit(2, 20), c.userRequests());
    assertEquals(32, c.limitKeys());
    assertEquals(RateLimit.OFF, GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true", "GATEWAY_RATE_LIMITS", "false"))
        .userRequests(), "GATEWAY_RATE_LIMITS=false turns the limit off");
  }

  @Test
  void theDefaultsOfTheTable() {
    GatewayConfig c = GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true"));
    assertEquals("0.0.0.0", c.host());
    assertNull(c.metricsToken());
    assertEquals("", c.dbUser());
    assertEquals("", c.dbPassword());
    assertEquals(8, c.dbPoolSize());
    assertEquals(List.of("http://localhost:8081", "http://127.0.0.1:8081"), c.allowedOrigins());
    assertEquals(65_536, c.maxBodyBytes());
    assertEquals(4 * 1_048_576, c.siteMaxBodyBytes());
    assertEquals(200, c.maxNewMessages());
    assertEquals(10_000, c.routerTimeoutMs());
    assertEquals(86_400, c.demoTokenTtlS());
    assertEquals(10_000, c.requestTimeoutMs());
    assertEquals(65_000, c.keepAliveTimeoutMs());
    assertEquals(new RateLimit(20, 200), c.userRequests());
    assertEquals(100_000, c.limitKeys());
  }

  @Test
  void aBadValueSaysWhatIsExpectedAndKeepsSecretsToItself() {
    assertEquals("GATEWAY_DB_URL: \"jdbc:mysql://x/y\" is not a JDBC URL jdbc:h2:… or jdbc:postgresql:…",
        assertThrows(ConfigException.class, () -> GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true",
            "GATEWAY_DB_URL", "jdbc:mysql://x/y"))).getMessage());
    String secret = assertThrows(ConfigException.class, () -> GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true",
        "GATEWAY_JWT_SECRET", "sesame"))).getMessage();
    assertEquals("GATEWAY_JWT_SECRET: a value of 6 characters (not shown) is not a secret of at least 16 bytes", secret);
    assertEquals("GATEWAY_LIMIT_USER_REQUESTS: \"20/200\" is not RATE:BURST (e.g. 10:60) or off",
        assertThrows(ConfigException.class, () -> GatewayConfig.fromEnv(Map.of("GATEWAY_DEMO", "true",
            "GATEWAY_LIMIT_USER_REQUESTS", "20/200"))).getMessage());
  }

  @Test
  void theFileGivesWhatTheEnvironmentDoesNot(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, "{\"GATEWAY_DEMO\": true, \"GATEWAY_PORT\": 9000, \"GATEWAY_JWT_SECRET\": "
        + "\"0123456789abcdef-from-file\", \"GATEWAY_ALLOWED_ORIGINS\": \"https://a.example,https://b.example\"}");
    GatewayConfig c = GatewayConfig.fromEnv(Map.of("GATEWAY_CONFIG_FILE", file.toString(), "GATEWAY_PORT", "9100"));
    assertEquals(9100, c.port(), "the environment wins");
    assertTrue(c.demo());
    assertEquals("0123456789abcdef-from-file", c.jwtSecret());
    assertEquals(List.of("https://a.example", "https://b.example"), c.allowedOrigins());
    Files.writeString(file, "{\"GATEWAY_DEMO\": true, \"GATEWAY_JWT\": \"x\"}");
    String typo = assertThrows(ConfigException.class,
        () -> GatewayConfig.fromEnv(Map.of("GATEWAY_CONFIG_FILE", file.toString()))).getMessage();
    assertTrue(typo.startsWith("GATEWAY_CONFIG_FILE: " + file + " has a key that no setting has: GATEWAY_JWT"), typo);
  }

  @Test
  void theDocumentedTableIsTheRenderingOfTheSettings() {
    SettingsTable.verify(GatewaySettings.ALL, "community-gateway", Path.of("../docs/configuration.md"));
  }
}
