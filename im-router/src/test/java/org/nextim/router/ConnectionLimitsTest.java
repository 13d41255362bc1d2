package org.nextim.router;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.TestRouter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Connections that hold the router without using it are closed (ROUTER_REQUEST_TIMEOUT_MS,
 * ROUTER_KEEPALIVE_TIMEOUT_MS); a held poll is never cut. Raw sockets, small bounds.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ConnectionLimitsTest {

  private static final long REQUEST_MS = 300;
  private static final long KEEPALIVE_MS = 400;
  /** Far more than a bound plus a sweep: a socket still open then would stay open for good. */
  private static final long CLOSED_WITHIN_MS = 5000;

  private TestRouter router;
  private NetClient net;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx, TestRouter.defaults().setRequestTimeoutMs(REQUEST_MS)
        .setKeepAliveTimeoutMs(KEEPALIVE_MS).setPollTimeoutMs(2000));
    net = vertx.createNetClient();
  }

  @AfterEach
  void stop() {
    net.close();
  }

  /** A socket to the router; {@code closed} completes when the router closes it, {@code read} collects. */
  private record Conn(NetSocket socket, CompletableFuture<Long> closed, StringBuilder read) {
    void send(String text) {
      socket.write(Buffer.buffer(text.getBytes(StandardCharsets.ISO_8859_1)));
    }
  }

  private Conn connect() throws Exception {
    NetSocket socket = net.connect(router.port(), "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    CompletableFuture<Long> closed = new CompletableFuture<>();
    StringBuilder read = new StringBuilder();
    socket.handler(b -> {
      synchronized (read) {
        read.append(b.toString(StandardCharsets.ISO_8859_1));
      }
    });
    socket.closeHandler(v -> closed.complete(System.nanoTime()));
    return new Conn(socket, closed, read);
  }

  private static long awaitClosed(Conn c, long sinceNs, String what) throws Exception {
    try {
      return TimeUnit.NANOSECONDS.toMillis(c.closed().get(CLOSED_WITHIN_MS, TimeUnit.MILLISECONDS) - sinceNs);
    } catch (TimeoutException e) {
      fail(what + ": the router kept the connection open for " + CLOSED_WITHIN_MS + " ms");
      return -1;
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    long t0 = System.nanoTime();
    Conn c = connect();
    long ms = awaitClosed(c, t0, "silent connection");
    assertTrue(ms >= REQUEST_MS - 50, "not before the bound: " + ms + " ms");
  }

  @Test
  void halfARequestHeadIsClosedWithinTheBound() throws Exception {
    Conn c = connect();
    long t0 = System.nanoTime();
    c.send("GET /onlines?domain=test.com&apikey=key1&names=alice HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    long ms = awaitClosed(c, t0, "half a head");
    assertTrue(ms >= REQUEST_MS - 50, "not before the bound: " + ms + " ms");
  }

  @Test
  void halfARequestBodyIsClosedWithinTheBound() throws Exception {
    Conn c = connect();
    long t0 = System.nanoTime();
    c.send("POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: 200\r\n\r\ndomain=test.com&apikey=key1&to=bo");
    awaitClosed(c, t0, "half a body");
    synchronized (c.read()) {
      assertFalse(c.read().toString().startsWith("HTTP/1.1 5"), "no 5xx: " + c.read());
    }
  }

  @Test
  void aChunkedBodyThatNeverEndsIsClosed() throws Exception {
    Conn c = connect();
    long t0 = System.nanoTime();
    c.send("POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n5\r\ndomai\r\n");
    awaitClosed(c, t0, "unfinished chunked body");
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsBound() throws Exception {
    Conn c = connect();
    c.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    long t0 = System.nanoTime();
    long ms = awaitClosed(c, t0, "idle keep-alive");
    synchronized (c.read()) {
      assertTrue(c.read().toString().startsWith("HTTP/1.1 200"), "answered first: " + c.read());
    }
    assertTrue(ms >= KEEPALIVE_MS - 100, "not before the keep-alive bound: " + ms + " ms");
  }

  @Test
  void aHeldPollOutlivesBothBounds() throws Exception {
    Page alice = router.login("alice");
    Conn c = connect();
    long t0 = System.nanoTime();
    Promise<Void> answered = Promise.promise();
    c.socket().handler(b -> {
      synchronized (c.read()) {
        c.read().append(b.toString(StandardCharsets.ISO_8859_1));
        if (c.read().indexOf("\"status\"") >= 0) {
          answered.tryComplete();
        }
      }
    });
    c.send("GET /packets?domain=test.com&ticket=" + alice.ticket() + "&cursor=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    answered.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertFalse(c.closed().isDone(), "the poll's connection was cut");
    assertTrue(heldMs >= 1500, "the poll was held to its timeout (" + heldMs + " ms), past both bounds");
    synchronized (c.read()) {
      assertTrue(c.read().toString().startsWith("HTTP/1.1 200"), c.read().toString());
    }
    // A poll after the first one, on the same connection, is held as well.
    long t1 = System.nanoTime();
    Promise<Void> again = Promise.promise();
    c.socket().handler(b -> {
      if (b.toString(StandardCharsets.ISO_8859_1).contains("\"status\"")) {
        again.tryComplete();
      }
    });
    c.send("GET /packets?domain=test.com&ticket=" + alice.ticket() + "&cursor=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    again.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1) >= 1500, "second poll held too");
    assertFalse(c.closed().isDone(), "the second poll's connection was cut");
  }
}
