package org.nextim.web;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class WebVerticleTest {

  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    WebVerticle verticle = new WebVerticle(new WebConfig().setPort(0).setHost("127.0.0.1")
        .setGatewayUrl("http://gw.example:8080/</script><script>alert(1)</script>"));
    vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
      port = verticle.actualPort();
      client = WebClient.create(vertx);
      ctx.completeNow();
    }));
  }

  private io.vertx.core.Future<HttpResponse<Buffer>> get(String path) {
    return client.get(port, "127.0.0.1", path).send();
  }

  @Test
  void configScriptCarriesTheGatewayUrlWithoutClosingTheScript(VertxTestContext ctx) {
    get("/config.js").onComplete(ctx.succeeding(res -> ctx.verify(() -> {
      assertEquals(200, res.statusCode());
      assertTrue(res.getHeader("Content-Type").startsWith("application/javascript"));
      String body = res.bodyAsString();
      assertTrue(body.startsWith("window.NEXTIM_CONFIG = {\"gateway\":\"http://gw.example:8080/\\u003c/script\\u003e"), body);
      assertFalse(body.contains("</script>"), body);
      ctx.completeNow();
    })));
  }

  @Test
  void servesTheWidgetToAnySite(VertxTestContext ctx) {
    get("/webim/webim.js").onComplete(ctx.succeeding(res -> ctx.verify(() -> {
      assertEquals(200, res.statusCode());
      assertEquals("*", res.getHeader("Access-Control-Allow-Origin"));
      assertTrue(res.getHeader("Content-Type").contains("javascript"));
      assertTrue(res.bodyAsString().contains("export function start"));
      get("/webim/webim.css").onComplete(ctx.succeeding(css -> ctx.verify(() -> {
        assertEquals(200, css.statusCode());
        assertTrue(css.getHeader("Content-Type").startsWith("text/css"));
        ctx.completeNow();
      })));
    })));
  }

  @Test
  void demoPagesHaveAStrictScriptPolicy(VertxTestContext ctx) {
    get("/groups/dev").onComplete(ctx.succeeding(res -> ctx.verify(() -> {
      assertEquals(200, res.statusCode());
      assertTrue(res.bodyAsString().contains("data-page=\"group\""));
      String csp = res.getHeader("Content-Security-Policy");
      assertTrue(csp.contains("script-src 'self' http: https:;"), csp);
      String scripts = csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src")));
      assertFalse(scripts.contains("unsafe"), csp); // no inline script, no eval
      assertEquals("nosniff", res.getHeader("X-Content-Type-Options"));
      get("/members").compose(m -> {
        ctx.verify(() -> assertTrue(m.bodyAsString().contains("data-page=\"members\"")));
        return get("/nope");
      }).onComplete(ctx.succeeding(nope -> ctx.verify(() -> {
        assertEquals(404, nope.statusCode());
        ctx.completeNow();
      })));
    })));
  }

  @Test
  void configFromEnvironment() {
    WebConfig c = WebConfig.fromEnv(Map.of());
    assertEquals(8081, c.port());
    assertEquals("http://127.0.0.1:8080", c.gatewayUrl());
    WebConfig d = WebConfig.fromEnv(Map.of("WEB_PORT", "9000", "WEB_GATEWAY_URL", "https://gw.example/", "WEB_LANG", "zh-CN"));
    assertEquals(9000, d.port());
    assertEquals("https://gw.example", d.gatewayUrl());
    assertEquals("zh-CN", d.lang());
    assertThrows(IllegalArgumentException.class, () -> WebConfig.fromEnv(Map.of("WEB_PORT", "x")));
    assertThrows(IllegalArgumentException.class, () -> WebConfig.fromEnv(Map.of("WEB_GATEWAY_URL", "ftp://x")));
    assertThrows(IllegalArgumentException.class, () -> WebConfig.fromEnv(Map.of("WEB_LANG", "fr")));
  }
}
