package org.nextim.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.limits.RateLimit;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The gateway's limits: requests per user on /webim/* (429 rate_limited with Retry-After, JSON or
 * JSONP), and connections whose request stalls or that idle between requests are closed.
 */
class GatewayLimitsTest {

  private static final int BURST = 6;
  private static final long REQUEST_MS = 300;
  private static final long KEEPALIVE_MS = 400;
  private static final int CLOSED_WITHIN_MS = 5000;

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), c -> c.setDemo(false)
        .setUserRequests(new RateLimit(0.01, BURST)) // no refill during the test
        .setRequestTimeoutMs(REQUEST_MS).setKeepAliveTimeoutMs(KEEPALIVE_MS));
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  @Test
  void aUserOverTheRateGets429WithRetryAfter() {
    String token = site.token("alice");
    for (int i = 0; i < BURST; i++) {
      assertEquals(200, site.get("/webim/buddies", token, Map.of()).status(), "request " + i);
    }
    Reply over = site.get("/webim/buddies", token, Map.of());
    assertEquals(429, over.status(), over.toString());
    assertTrue(Integer.parseInt(over.header("Retry-After")) >= 1, over.toString());
    JsonObject error = over.json();
    assertEquals("rate_limited", error.getString("error"));
    assertEquals(true, error.getBoolean("retryable"));
    assertEquals(Integer.parseInt(over.header("Retry-After")), error.getInteger("retry_after"));
    // The JSONP form gets the error as a script, so that the page can read it.
    Reply jsonp = site.get("/webim/buddies", token, Map.of("callback", "cb"));
    assertEquals(429, jsonp.status());
    assertTrue(jsonp.body().startsWith("cb(") && jsonp.body().contains("rate_limited"), jsonp.toString());
    // Other users have their own buckets; a request without identity is still a 401.
    assertEquals(200, site.get("/webim/buddies", site.token("bob"), Map.of()).status());
    assertEquals(401, site.get("/webim/buddies", null, Map.of()).status());
  }

  private int port() {
    return URI.create(site.url()).getPort();
  }

  /** Writes {@code request}, then reads until the gateway closes; returns what came and how long it took. */
  private String closedAfter(String request, long[] ms) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port())) {
      s.setSoTimeout(CLOSED_WITHIN_MS);
      long t0 = System.nanoTime();
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      StringBuilder got = new StringBuilder();
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) != -1) {
          got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
      } catch (SocketTimeoutException e) {
        fail("the gateway kept the connection open for " + CLOSED_WITHIN_MS + " ms: " + request);
      }
      ms[0] = (System.nanoTime() - t0) / 1_000_000;
      return got.toString();
    }
  }

  @Test
  void halfAHeadOrHalfABodyIsClosed() throws IOException {
    long[] ms = new long[1];
    closedAfter("GET /webim/buddies HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", ms);
    assertTrue(ms[0] >= REQUEST_MS - 50, "not before the bound: " + ms[0]);
    closedAfter("POST /webim/message HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: 100\r\n\r\nticket=x&to=b", ms);
    closedAfter("", ms);
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws IOException {
    long[] ms = new long[1];
    String got = closedAfter("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", ms);
    assertTrue(got.startsWith("HTTP/1.1 200"), got);
    assertTrue(ms[0] >= KEEPALIVE_MS - 100, "not before the keep-alive bound: " + ms[0]);
  }
}
