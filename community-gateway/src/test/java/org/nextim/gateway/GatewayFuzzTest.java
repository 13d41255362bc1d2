package org.nextim.gateway;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.FuzzRequests;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.RawHttp;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of generated malformed requests ({@link FuzzRequests}) against a real gateway and router:
 * no reply of 500 or more, no request left without an answer or a close within {@link #BOUND_MS}, and
 * afterwards an honest user still logs in and messages. The seed is printed, and repeated in a failure;
 * {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.requests=N} sets its size.
 */
class GatewayFuzzTest {

  static final long BOUND_MS = 15_000;
  static final int IN_FLIGHT = 8;

  static TestSite site;
  static Vertx clients;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    TestSite.await(clients.close());
    site.close();
  }

  /**
   * A 4xx is a JSON error ({@code {"error", ...}}, or the JSONP of one), the HTTP codec's refusals of what
   * is not HTTP/1.x included ({@link org.nextim.limits.InvalidRequests}); a reply to HEAD has no body. The
   * one exception: Vert.x answers a WebSocket handshake, which the gateway refuses, with its own text 400.
   */
  static boolean errorShaped(FuzzRequests.Case c, RawHttp.Response r) {
    String request = c.bytes().toString(StandardCharsets.ISO_8859_1);
    if (r.status() < 400 || r.body().isEmpty() && request.startsWith("HEAD ")) {
      return true;
    }
    if (r.status() == 400 && "Bad Request".equals(r.body())
        && request.toLowerCase(java.util.Locale.ROOT).contains("upgrade: websocket")) {
      return true;
    }
    String type = r.header("Content-Type");
    return type != null && (type.startsWith("application/json") || type.startsWith("application/javascript"))
        && r.body().contains("\"error\"");
  }

  /** What went wrong with one request. */
  record Finding(FuzzRequests.Case request, String what) {
  }

  @Test
  void malformedRequestsNeverCrashOrHangTheGateway() throws InterruptedException {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int total = Integer.getInteger("fuzz.requests", 4000);
    System.out.println("GatewayFuzzTest: seed " + seed + ", " + total + " requests (replay with -Dfuzz.seed=" + seed + ")");

    List<String> tokens = new ArrayList<>();
    List<String> tickets = new ArrayList<>();
    for (String user : List.of("alice", "bob", "carol")) {
      Page page = site.online(user);
      tokens.add(page.token());
      tickets.add(page.ticket());
    }
    List<FuzzRequests.Case> cases = new FuzzRequests(seed, TestSite.JWT_SECRET, TestSite.SITE_KEY, tokens, tickets)
        .take(total);

    RawHttp raw = new RawHttp(clients, site.gateway().actualPort());
    List<Finding> findings = new ArrayList<>();
    Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(total);
    long started = System.nanoTime();
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= total) {
        return;
      }
      FuzzRequests.Case c = cases.get(i);
      raw.send(c.bytes(), BOUND_MS, false).onComplete(ar -> {
        String what = null;
        if (ar.failed()) {
          what = "client failure: " + ar.cause(); // e.g. the connection refused: the server is gone
        } else if (ar.result().hung()) {
          what = "no answer and no close within " + BOUND_MS + " ms";
        } else if (ar.result().status() >= 500) {
          what = "status " + ar.result();
        } else if (!errorShaped(c, ar.result())) {
          what = "an error that is not a JSON error: " + ar.result();
        }
        String status = ar.failed() ? "failed" : ar.result().hung() ? "hung"
            : ar.result().status() == -1 ? "closed" : Integer.toString(ar.result().status());
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (what != null) {
          synchronized (findings) {
            findings.add(new Finding(c, what));
          }
        }
        done.countDown();
        launch[0].run();
      });
    };
    for (int k = 0; k < IN_FLIGHT; k++) {
      launch[0].run();
    }
    boolean finished = done.await(BOUND_MS * 2 + total * 50L, TimeUnit.MILLISECONDS);
    long ms = (System.nanoTime() - started) / 1_000_000;
    raw.close();
    System.out.println("GatewayFuzzTest: " + total + " requests in " + ms + " ms; replies by status " + new TreeMap<>(statuses));
    if (!finished || !findings.isEmpty()) {
      StringBuilder report = new StringBuilder("seed " + seed + ": " + findings.size() + " bad replies"
          + (finished ? "" : ", and the run did not finish") + "\n");
      // Two of each sort (where, and what went wrong), so that one frequent failure does not hide the others.
      Map<String, Integer> shown = new TreeMap<>();
      for (Finding f : findings) {
        String sort = f.request().kind() + " / " + f.what().replaceAll("\\{.*", "");
        if (shown.merge(sort, 1, Integer::sum) <= 2) {
          report.append("  #").append(f.request().index()).append(' ').append(f.request().kind()).append(": ")
              .append(f.what()).append("\n      ").append(f.request().show()).append('\n');
        }
      }
      shown.forEach((sort, n) -> report.append("  ").append(n).append(" × ").append(sort).append('\n'));
      fail(report.toString());
    }

    // The gateway still serves an honest user: log in, message, the other side gets it.
    Page a = site.online("honest-a-" + Long.toHexString(seed), "buddy_ids", "honest-b-" + Long.toHexString(seed));
    Page b = site.online("honest-b-" + Long.toHexString(seed));
    a.ok("message", "to", b.user(), "body", "still here " + seed);
    String body = b.await("messages", m -> m.getString("from").equals(a.user())).getString("body");
    assertEquals("still here " + seed, body, "seed " + seed);
    assertTrue(b.get("history", "id", a.user()).array().size() >= 1, "seed " + seed);
  }
}
