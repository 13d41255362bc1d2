package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.limits.RateLimit;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.TestRouter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of seeded-random malformed requests over raw sockets to every router endpoint: bad escapes,
 * odd methods and versions, broken, chunked, truncated and huge bodies, bad parameters and callbacks,
 * garbage bytes. No reply may have a status of 500 or more, and every request must be answered or its
 * connection closed within a bound; afterwards an honest user still logs in and gets a message.
 * {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.cases=N} sets its size.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class RouterFuzzTest {

  private static final int CASES = Integer.getInteger("fuzz.cases", 4000);
  private static final long REQUEST_TIMEOUT_MS = 300;
  private static final long POLL_TIMEOUT_MS = 400;
  /** A reply or a close must come within this: the longest legitimate wait plus room for a busy box. */
  private static final long ANSWER_WITHIN_MS = REQUEST_TIMEOUT_MS + POLL_TIMEOUT_MS + 4000;

  private static final String[] PATHS = {"/presences/online", "/presences/offline", "/presences/show", "/statuses",
      "/messages", "/onlines", "/room/members", "/room/join", "/room/leave", "/packets", "/health", "/health/live", "/health/ready", "/metrics",
      "/", "/nosuch", "//messages", "/messages/", "/packets/", "/PACKETS", "/presences", "/room", "/%", "/%zz",
      "/messages%00", "/a/../messages", "*", "http://127.0.0.1/messages",
      // The admin API (on: the token is set; half the requests carry it), on domains of its own only.
      "/admin/api/domains", "/admin/api/domains/fuzz.example", "/admin/api/domains/fuzz.example/rotate",
      "/admin/api/domains/fuzz.example/limits", "/admin/api/domains/fuzz.example/disable",
      "/admin/api/domains/fuzz.example/enable", "/admin/api/domains/%zz", "/admin/api/domains//rotate",
      "/admin/api/domains/fuzz.example/users/u1", "/admin/api/domains/fuzz.example/users/%zz",
      "/admin/api/domains/nowhere.example/users/u1", "/admin/api/nodes", "/admin/api/stats", "/admin/api/", "/admin/", "/admin", "/admin/console.js", "/admin/../metrics"};
  private static final String[] METHODS = {"GET", "POST", "POST", "POST", "GET", "HEAD", "PUT", "DELETE", "OPTIONS",
      "TRACE", "PATCH", "CONNECT", "FOO", "get", "", "G\u0000ET", "POST POST"};
  private static final String[] PARAMS = {"domain", "apikey", "ticket", "name", "nick", "buddies", "rooms", "show",
      "status", "to", "body", "type", "timestamp", "id", "ack", "all", "names", "room", "version", "callback",
      "cursor", "style", "__hops", "", "x"};
  private static final String[] CONTENT_TYPES = {"application/x-www-form-urlencoded", "application/json",
      "application/json; charset=utf-8", "text/plain", "multipart/form-data; boundary=x", "application/JSON",
      "application/x-www-form-urlencoded; charset=bogus", "", null};

  private static final java.util.regex.Pattern STATUS_LINE =
      java.util.regex.Pattern.compile("(?m)^HTTP/[0-9.]+ (\\d{3}) ");

  private record Outcome(int index, String request, String problem) {
  }

  @Test
  void malformedRequestsNeverGet5xxOrHang(Vertx vertx) throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("RouterFuzzTest seed " + seed + " (-Dfuzz.seed=" + seed + " replays it), " + CASES + " cases");
    // Per-address login limits off (every case comes from 127.0.0.1); the others at their defaults.
    TestRouter router = TestRouter.start(vertx, TestRouter.defaults().setRateLimits(true).setAdminToken(AdminApiTest.TOKEN)
        .setAddressLogins(RateLimit.OFF).setRequestTimeoutMs(REQUEST_TIMEOUT_MS)
        .setKeepAliveTimeoutMs(REQUEST_TIMEOUT_MS).setPollTimeoutMs(POLL_TIMEOUT_MS));
    List<String> tickets = new ArrayList<>();
    for (String name : new String[] {"alice", "bob"}) {
      tickets.add(router.login(name, "buddies", "alice,bob", "rooms", "r1").ticket());
    }
    int port = router.port();
    ConcurrentLinkedQueue<Outcome> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < CASES; i++) {
        int index = i;
        all.add(pool.submit(() -> {
          byte[] request = generate(new Random(seed * 31 + index), tickets);
          String problem = exchange(port, request, answered, closed);
          if (problem != null) {
            problems.add(new Outcome(index, printable(request), problem));
          }
        }));
      }
      for (Future<?> f : all) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.println("RouterFuzzTest: " + CASES + " cases in " + ms + " ms: " + answered + " answered, "
        + closed + " closed without an answer, " + problems.size() + " problems");
    if (!problems.isEmpty()) {
      StringBuilder sb = new StringBuilder("seed " + seed + ": " + problems.size() + " of " + CASES + " cases failed");
      problems.stream().limit(10).forEach(p -> sb.append("\n--- case ").append(p.index()).append(": ")
          .append(p.problem()).append("\n").append(p.request()));
      fail(sb.toString());
    }

    // Still serving an honest user.
    Page carol = router.login("carol", "buddies", "dave");
    Page dave = router.login("dave", "buddies", "carol");
    assertEquals(200, dave.rest().post("/messages", "ticket", dave.ticket(), "to", "carol", "body", "still here").status(),
        "seed " + seed);
    assertTrue(carol.awaitMessage("still here", 5000).hasBody("still here"), "seed " + seed);
  }

  /** Sends the request and reads until the server closes; returns what is wrong, or null. */
  private static String exchange(int port, byte[] request, AtomicInteger answered, AtomicInteger closed) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) ANSWER_WITHIN_MS);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        closed.incrementAndGet(); // closed on us while we wrote (a body over the limit): fine
        return null;
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) != -1) {
          got.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        return "no answer and no close within " + ANSWER_WITHIN_MS + " ms; read: " + head(got.toByteArray());
      } catch (IOException e) {
        // reset by the server: a close
      }
      byte[] raw = got.toByteArray();
      if (raw.length == 0) {
        closed.incrementAndGet();
        return null;
      }
      answered.incrementAndGet();
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      int at = 0;
      // Every status line in the reply (pipelined requests get several; an unknown version is echoed).
      java.util.regex.Matcher status = STATUS_LINE.matcher(text);
      while (status.find()) {
        if (status.group(1).charAt(0) >= '5') {
          return "status " + status.group(1) + ": " + head(raw);
        }
      }
      if (!text.startsWith("HTTP/")) {
        return "not an HTTP reply: " + head(raw);
      }
      return null;
    } catch (IOException e) {
      return "could not connect: " + e;
    }
  }

  // ---- the generator ----

  private static byte[] generate(Random r, List<String> tickets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int kind = r.nextInt(20);
    if (kind == 0) {
      // Garbage bytes, sometimes with line ends.
      byte[] junk = new byte[1 + r.nextInt(600)];
      r.nextBytes(junk);
      out.writeBytes(junk);
      if (r.nextBoolean()) {
        out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      return out.toByteArray();
    }
    String method = pick(r, METHODS);
    String path = pick(r, PATHS);
    String query = r.nextInt(4) == 0 ? "" : "?" + form(r, tickets);
    String version = switch (r.nextInt(12)) {
      case 0 -> "HTTP/2.0";
      case 1 -> "HTTP/9.9";
      case 2 -> "";
      case 3 -> "HTTP/1.1";
      case 4, 5, 6 -> "HTTP/1.0";
      default -> "HTTP/1.1";
    };
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(query);
    if (!version.isEmpty()) {
      head.append(' ').append(version);
    }
    head.append("\r\n");
    if (r.nextInt(10) > 0) {
      head.append("Host: ").append(r.nextInt(5) == 0 ? "" : "127.0.0.1").append("\r\n");
    }
    // Most requests ask to close, so that reading to the end is quick; the rest wait for the keep-alive bound.
    if (r.nextInt(8) > 0) {
      head.append("Connection: close\r\n");
    }
    if (path.startsWith("/admin") && r.nextBoolean()) {
      head.append("Authorization: Bearer ").append(r.nextInt(4) == 0 ? "wrong" : AdminApiTest.TOKEN).append("\r\n");
    }
    String type = pick(r, CONTENT_TYPES);
    if (type != null) {
      head.append("Content-Type: ").append(type).append("\r\n");
    }
    byte[] body = body(r, type, tickets);
    int framing = r.nextInt(14);
    switch (framing) {
      case 0 -> { } // no length: a body is garbage after the head
      case 1 -> head.append("Content-Length: ").append(body.length + 1 + r.nextInt(50)).append("\r\n"); // short: times out
      case 2 -> head.append("Content-Length: ").append(Math.max(0, body.length - 1 - r.nextInt(5))).append("\r\n");
      case 3 -> head.append("Content-Length: -").append(r.nextInt(100)).append("\r\n");
      case 4 -> head.append("Content-Length: abc\r\n");
      case 5 -> head.append("Content-Length: 99999999999999999999\r\n");
      case 6 -> head.append("Content-Length: ").append(body.length).append("\r\nContent-Length: ").append(body.length + 3).append("\r\n");
      case 7, 8 -> head.append("Transfer-Encoding: chunked\r\n");
      case 9 -> head.append("Transfer-Encoding: chunked\r\nContent-Length: ").append(body.length).append("\r\n");
      case 10 -> head.append("Transfer-Encoding: gzip, chunked\r\n");
      default -> head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    switch (r.nextInt(25)) {
      case 0 -> head.append("X-Long: ").append("a".repeat(9000 + r.nextInt(9000))).append("\r\n");
      case 1 -> head.append("no colon here\r\n");
      case 2 -> head.append(": empty name\r\n");
      case 3 -> head.append("X-Bin: \u0001\u0002\u00ff\r\n");
      case 4 -> head.append(" folded continuation\r\n");
      default -> { }
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (framing == 7 || framing == 8 || framing == 9 || framing == 10) {
      out.writeBytes(chunked(r, body));
    } else {
      out.writeBytes(body);
    }
    if (r.nextInt(15) == 0) {
      // A second request pipelined behind the first.
      out.writeBytes(("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    byte[] all = out.toByteArray();
    if (r.nextInt(30) == 0) {
      // Cut anywhere: half a head or half a body, then silence.
      byte[] cut = new byte[r.nextInt(all.length + 1)];
      System.arraycopy(all, 0, cut, 0, cut.length);
      return cut;
    }
    return all;
  }

  private static byte[] body(Random r, String type, List<String> tickets) {
    return switch (r.nextInt(10)) {
      case 0, 1 -> new byte[0];
      case 2 -> {
        byte[] b = new byte[r.nextInt(6000)];
        r.nextBytes(b);
        yield b;
      }
      case 3 -> ("a=" + "x".repeat(3000 + r.nextInt(3000))).getBytes(StandardCharsets.UTF_8); // about the 4 KB limit
      case 4 -> json(r, tickets).getBytes(StandardCharsets.UTF_8);
      default -> (type != null && type.contains("json") && r.nextBoolean() ? json(r, tickets) : form(r, tickets))
          .getBytes(StandardCharsets.UTF_8);
    };
  }

  private static byte[] chunked(Random r, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int n = Math.min(body.length - at, 1 + r.nextInt(200));
      String size = switch (r.nextInt(30)) {
        case 0 -> "zz";
        case 1 -> "-1";
        case 2 -> "ffffffffffffffff";
        case 3 -> Integer.toHexString(n) + ";ext=1";
        default -> Integer.toHexString(n);
      };
      out.writeBytes((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      at += n;
    }
    if (r.nextInt(6) > 0) {
      out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  private static String form(Random r, List<String> tickets) {
    StringBuilder sb = new StringBuilder();
    if (r.nextInt(3) > 0) {
      sb.append("domain=").append(r.nextInt(8) == 0 ? "other.org" : "test.com");
      if (r.nextInt(4) > 0) {
        sb.append("&apikey=").append(r.nextInt(8) == 0 ? "wrong" : "key1");
      }
    }
    int n = r.nextInt(r.nextInt(20) == 0 ? 400 : 8);
    for (int i = 0; i < n; i++) {
      sb.append(sb.length() == 0 ? "" : "&").append(pick(r, PARAMS));
      if (r.nextInt(10) > 0) {
        sb.append('=').append(value(r, tickets));
      }
    }
    return switch (r.nextInt(15)) {
      case 0 -> sb + "%";
      case 1 -> sb + "&%zz=%e9%";
      case 2 -> "&&&==&" + sb;
      default -> sb.toString();
    };
  }

  private static String value(Random r, List<String> tickets) {
    return switch (r.nextInt(16)) {
      case 0, 1, 2 -> tickets.get(r.nextInt(tickets.size()));
      case 3 -> "alice";
      case 4 -> "bob,alice,,%2C";
      case 5 -> "%";
      case 6 -> "%zz%e9%C3%28%00";
      case 7 -> "x".repeat(r.nextInt(400));
      case 8 -> Integer.toString(r.nextInt(2000) - 1000);
      case 9 -> "9999999999999999999999";
      case 10 -> pick(r, new String[] {"cb", "a.b.c", "a-b", "alert(1)", "<script>", "$", "_x$.y", "1abc", "a..b",
          "a".repeat(70), "x." + "y".repeat(64)});
      case 11 -> pick(r, new String[] {"typing", "available", "invisible", "unavailable", "multicast", "broadcast",
          "unicast", "nope", "3"});
      case 12 -> "r1";
      case 13 -> "h%C3%A9llo+w%F0%9F%98%80rld";
      default -> Long.toString(r.nextLong(), 36);
    };
  }

  private static String json(Random r, List<String> tickets) {
    return switch (r.nextInt(9)) {
      case 0 -> "[1,2,3]";
      case 1 -> "{\"domain\":\"test.com\",\"apikey\":\"key1\",\"ticket\":{\"a\":1}}";
      case 2 -> "[".repeat(2000);
      case 3 -> "{\"domain\":\"test.com\",\"apikey\":\"key1\",\"names\":[\"alice\",null,{}],\"to\":null,\"body\":1e999}";
      case 4 -> "{\"unterminated\": \"";
      case 5 -> "null";
      case 6 -> "{\"domain\":\"test.com\",\"apikey\":\"key1\",\"ticket\":\"" + tickets.get(0)
          + "\",\"to\":\"bob\",\"body\":\"hi\",\"timestamp\":\"soon\"}";
      case 7 -> "\"just a string\"";
      default -> "{\"domain\":\"test.com\",\"apikey\":\"key1\",\"ticket\":\"" + tickets.get(r.nextInt(tickets.size()))
          + "\",\"" + pick(r, PARAMS) + "\":\"" + value(r, tickets).replace("\"", "") + "\"}";
    };
  }

  private static <T> T pick(Random r, T[] from) {
    return from[r.nextInt(from.length)];
  }

  private static String head(byte[] raw) {
    return printable(raw.length > 400 ? java.util.Arrays.copyOf(raw, 400) : raw);
  }

  private static String printable(byte[] raw) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(raw.length, 600); i++) {
      int c = raw[i] & 0xff;
      sb.append(c == '\n' || (c >= 32 && c < 127) ? String.valueOf((char) c) : c == '\r' ? "\\r" : String.format("\\x%02x", c));
    }
    return raw.length > 600 ? sb + "... (" + raw.length + " bytes)" : sb.toString();
  }
}
