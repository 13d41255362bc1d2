package org.nextim.web;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web client's HTTP edge over raw sockets: nothing a client sends holds a connection open for good
 * or gets a 5xx.
 */
class WebConnectionsTest {

  private static final long REQUEST_TIMEOUT_MS = 300;
  private static final long KEEPALIVE_TIMEOUT_MS = 600;

  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    WebVerticle verticle = new WebVerticle(new WebConfig().setPort(0).setHost("127.0.0.1")
        .setRequestTimeoutMs(REQUEST_TIMEOUT_MS).setKeepAliveTimeoutMs(KEEPALIVE_TIMEOUT_MS));
    vertx.deployVerticle(verticle).await();
    port = verticle.actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Before: h2c was on, and such an upgrade got "400, Connection: close" on a connection never closed. */
  @Test
  void anH2cUpgradeWithBadSettingsIsServedAsHttp11() throws IOException {
    try (Socket s = socket()) {
      send(s, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
          + "HTTP2-Settings: !!!!\r\n\r\n");
      String reply = readUntilClosed(s, 10_000);
      assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws IOException {
    try (Socket s = socket()) {
      long started = System.nanoTime();
      assertEquals("", readUntilClosed(s, 10_000));
      long ms = (System.nanoTime() - started) / 1_000_000;
      assertTrue(ms >= REQUEST_TIMEOUT_MS / 2, "closed after " + ms + " ms");
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsReply() throws IOException {
    try (Socket s = socket()) {
      send(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      String reply = readUntilClosed(s, 10_000);
      assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
    }
  }

  @Test
  void aBadEscapeInThePathIs400() throws IOException {
    try (Socket s = socket()) {
      send(s, "GET /webim/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      String reply = readUntilClosed(s, 10_000);
      assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
      assertTrue(reply.endsWith("bad request"), reply);
    }
  }

  @Test
  void bytesThatAreNotHttpGetAJsonError() throws IOException {
    for (String junk : new String[] {"GET / HTTP/9.9\r\nHost: x\r\n\r\n", "HELLO\r\n\r\n",
        "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n"}) {
      try (Socket s = socket()) {
        send(s, junk);
        String reply = readUntilClosed(s, 10_000);
        assertTrue(reply.matches("(?s)HTTP/\\S+ 4\\d\\d .*application/json.*\"error\":.*"), reply);
      }
    }
  }

  private Socket socket() throws IOException {
    return new Socket("127.0.0.1", port);
  }

  private static void send(Socket s, String request) throws IOException {
    s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** Everything the server sends until it closes; fails if it has not closed within {@code boundMs}. */
  private static String readUntilClosed(Socket s, int boundMs) throws IOException {
    s.setSoTimeout(boundMs);
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) != -1) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      fail("the connection is still open after " + boundMs + " ms; read: " + got.toString(StandardCharsets.ISO_8859_1));
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }
}
