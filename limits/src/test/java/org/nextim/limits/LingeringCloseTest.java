package org.nextim.limits;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A server that answers 413 at once and closes with {@link LingeringClose}: the client still sending
 * reads the answer; a client that never stops, or stalls, does not hold the connection.
 */
class LingeringCloseTest {

  private static final long MAX_BYTES = 1_000_000;
  private static final long MAX_MILLIS = 1_000;

  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(413)
        .putHeader("Connection", "close").end("{\"error\":\"too_large\"}")
        .onComplete(ar -> LingeringClose.after(req, MAX_BYTES, MAX_MILLIS)));
    port = server.listen(0, "127.0.0.1").await().actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aClientStillSendingReadsTheAnswer() throws IOException {
    for (int round = 0; round < 5; round++) {
      try (Socket s = socket()) {
        byte[] body = new byte[900_000];
        OutputStream out = s.getOutputStream();
        out.write(head(body.length));
        out.write(body);
        out.flush();
        String answer = readAll(s.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.endsWith("{\"error\":\"too_large\"}"), answer);
      }
    }
  }

  @Test
  void aClientThatNeverStopsIsCutAfterTheByteBound() throws IOException {
    try (Socket s = socket()) {
      OutputStream out = s.getOutputStream();
      out.write(head(1L << 40));
      byte[] chunk = new byte[64 * 1024];
      long sent = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      try {
        while (System.nanoTime() < deadline) {
          out.write(chunk);
          sent += chunk.length;
        }
        fail("still accepting bytes after " + sent);
      } catch (SocketException closed) {
        assertTrue(sent >= MAX_BYTES / 2 && sent < 64L * MAX_BYTES, "cut after " + sent + " bytes");
      }
    }
  }

  @Test
  void aStalledClientIsCutAfterTheTimeBound() throws IOException {
    try (Socket s = socket()) {
      s.getOutputStream().write(head(10_000));
      s.getOutputStream().write(new byte[100]);
      long start = System.nanoTime();
      String answer = readAll(s.getInputStream()); // returns when the server closes
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(tookMs >= MAX_MILLIS / 2 && tookMs < 10 * MAX_MILLIS, "closed after " + tookMs + " ms");
    }
  }

  private Socket socket() throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(20_000);
    return s;
  }

  private static byte[] head(long contentLength) {
    return ("POST /big HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: "
        + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      all.write(buf, 0, n);
    }
    return all.toString(StandardCharsets.US_ASCII);
  }
}
