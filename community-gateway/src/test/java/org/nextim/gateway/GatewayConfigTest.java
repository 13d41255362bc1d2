package org.nextim.gateway;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
}
