package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.RawHttp;
import org.nextim.router.testing.TestRouter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the router's HTTP codec cannot serve gets a JSON error and a close on every path: not only the REST
 * calls and {@code /packets}, also the health, metrics, API description and admin paths.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class UnreadableRequestsTest {

  private static final long READ_MS = 5000;

  private TestRouter router;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
  }

  private RawHttp.Response send(String request) throws IOException {
    return RawHttp.exchange(router.port(), request.getBytes(StandardCharsets.ISO_8859_1), READ_MS);
  }

  private static void assertJsonError(int status, String code, RawHttp.Response r) {
    assertEquals(status, r.status(), r::toString);
    assertTrue(r.header("Content-Type").orElse("").startsWith("application/json"), r::toString);
    assertEquals(code, new JsonObject(r.bodyText()).getString("error"), r::toString);
  }

  /** Before: only the REST calls checked the version; {@code /openapi.json} answered "HTTP/9.9 200". */
  @Test
  void anUnknownHttpVersionIs400OnEveryPath() throws IOException {
    for (String path : new String[] {"/messages", "/packets", "/health", "/health/ready", "/metrics", "/openapi.json",
        "/admin/", "/admin/api/stats", "/nope"}) {
      assertJsonError(400, "invalid_parameter", send("GET " + path + " HTTP/9.9\r\nHost: x\r\n\r\n"));
    }
  }

  @Test
  void aRequestLineOverTheLimitIs414Json() throws IOException {
    assertJsonError(414, "too_large", send("GET /onlines?names=" + "a,".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  }

  @Test
  void headersOverTheLimitAre431Json() throws IOException {
    assertJsonError(431, "too_large",
        send("GET /health HTTP/1.1\r\nHost: x\r\n" + "X-Filler: 0123456789\r\n".repeat(1_000) + "\r\n"));
  }
}
