package org.nextim.router.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Async HTTP/1.1 for the traffic: a held poll costs a connection, not a thread. Every request completes
 * with a {@link Resp} (never exceptionally): a transport failure is a Resp with {@code error} set.
 */
final class ChaosHttp implements ChaosClient {

  enum Failure { NONE, REFUSED, TIMEOUT, IO }

  /** One reply or failure; times are {@link Clock} ms when the request was sent and when it ended. */
  record Resp(int status, String body, Failure failure, String error, long sentAt, long endedAt) {
    boolean ok() {
      return failure == Failure.NONE && status == 200;
    }

    @Override
    public String toString() {
      if (failure != Failure.NONE) {
        return failure + " " + error;
      }
      String b = body.length() > 300 ? body.substring(0, 300) + "…" : body;
      return "HTTP " + status + " " + b;
    }
  }

  private final Clock clock;
  private final ExecutorService executor;
  private final HttpClient client;

  /** {@code name} names its threads. */
  ChaosHttp(Clock clock, String name) {
    this.clock = clock;
    executor = callbackPool(name);
    client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(3))
        .executor(executor)
        .build();
  }

  @Override
  public CompletableFuture<Resp> get(String url, long timeoutMs) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(timeoutMs)).GET());
  }

  @Override
  public CompletableFuture<Resp> get(String url, long timeoutMs, String bearer) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(timeoutMs))
        .header("Authorization", "Bearer " + bearer).GET());
  }

  @Override
  public CompletableFuture<Resp> post(String url, long timeoutMs, String... keyValues) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(timeoutMs))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(keyValues), StandardCharsets.UTF_8)));
  }

  private CompletableFuture<Resp> send(HttpRequest.Builder request) {
    long sent = clock.now();
    CompletableFuture<HttpResponse<String>> f;
    try {
      f = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Resp(0, "", Failure.IO, e.toString(), sent, clock.now()));
    }
    return f.handle((r, e) -> {
      long ended = clock.now();
      if (e == null) {
        return new Resp(r.statusCode(), r.body() == null ? "" : r.body(), Failure.NONE, null, sent, ended);
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      return new Resp(0, "", classify(cause), cause.toString(), sent, ended);
    });
  }

  /** Four daemon threads named after {@code name}, on which the harness's futures complete. */
  static ExecutorService callbackPool(String name) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "chaos-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** A transport failure's kind, for the JDK's client and Vert.x's alike. */
  static Failure classify(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      // HttpTimeoutException (JDK), NoStackTraceTimeoutException (Vert.x), ConnectTimeoutException (Netty)
      if (c.getClass().getSimpleName().contains("Timeout")) {
        return Failure.TIMEOUT;
      }
      if (c instanceof ConnectException) {
        return Failure.REFUSED;
      }
    }
    return Failure.IO; // reset, closed, or anything else on the way
  }

  static String form(String... keyValues) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(keyValues[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(keyValues[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    executor.shutdown(); // after the traffic stopped and the routers are gone: nothing is left to run
  }
}
