package org.nextim.limits;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real HTTP server with {@link InvalidRequests} installed, fed raw bytes: whatever is not an HTTP/1.x
 * request it can read gets a JSON error and a close, never Vert.x's empty 400, 414, 431 or its 501.
 */
class InvalidRequestsTest {

  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    port = InvalidRequests.install(vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)))
        .requestHandler(InvalidRequests.versionChecked(req -> req.response().end("served " + req.path())))
        .listen(0, "127.0.0.1").await().actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aRequestLineOverTheLimitIs414AsJson() throws IOException {
    String reply = exchange("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertError(reply, 414, "too_large");
  }

  @Test
  void headersOverTheLimitAre431AsJson() throws IOException {
    String reply = exchange("GET / HTTP/1.1\r\nHost: x\r\n" + "X-Filler: 0123456789\r\n".repeat(1_000) + "\r\n");
    assertError(reply, 431, "too_large");
  }

  @Test
  void bytesThatAreNotHttpAre400AsJson() throws IOException {
    assertError(exchange("HELLO\r\n\r\n"), 400, "invalid_parameter");
    assertError(exchange("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"), 400, "invalid_parameter");
  }

  @Test
  void anUnknownHttpVersionIs400AsJsonNot501() throws IOException {
    assertError(exchange("GET / HTTP/9.9\r\nHost: x\r\n\r\n"), 400, "invalid_parameter");
    assertError(exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 400, "invalid_parameter");
  }

  @Test
  void aGoodRequestIsServed() throws IOException {
    String reply = exchange("GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
    assertTrue(reply.endsWith("served /x"), reply);
  }

  private static void assertError(String reply, int status, String code) {
    assertTrue(reply.matches("(?s)HTTP/\\S+ " + status + " .*"), reply);
    String head = reply.substring(0, reply.indexOf("\r\n\r\n")).toLowerCase();
    assertTrue(head.contains("content-type: application/json"), reply);
    assertTrue(head.contains("connection: close"), reply);
    JsonObject body = new JsonObject(reply.substring(reply.indexOf("\r\n\r\n") + 4));
    assertEquals(code, body.getString("error"), reply);
    assertTrue(!body.getString("message").isBlank(), reply);
  }

  /** Sends {@code request}, then reads until the server closes (the socket's timeout fails a hang). */
  private String exchange(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        got.write(buf, 0, n);
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
