package org.nextim.router.chaos;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import org.nextim.router.chaos.ChaosHttp.Failure;
import org.nextim.router.chaos.ChaosHttp.Resp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The site's side of the traffic (logins, messages, presence calls, the checker's questions) on a Vert.x
 * HTTP client of its own (one event loop), with {@code -Dchaos.site.client=vertx}: it keeps up with ~2,000
 * calls a second, where the JDK's client completed ~1,200 on this box. Every call is made from the one
 * context of that loop: made from the harness's threads, a call's reply head could reach its callback on
 * a context of its own after the body had gone by, and the body never completed (1-24 calls a run
 * waited out their 10 s; vert.x#4705). Every request completes with a {@link Resp} (never exceptionally):
 * a transport failure is a Resp with {@code error} set, a timeout says how far the call got. The futures
 * complete on a small pool of the harness's own threads, never on the event loop, so a caller may block
 * in a callback.
 */
final class SiteHttp implements ChaosClient {

  private final Clock clock;
  private final ExecutorService executor;
  private final Vertx vertx;
  private final Context context;
  private final HttpClientAgent client;

  /** {@code name} names its threads. */
  SiteHttp(Clock clock, String name) {
    this.clock = clock;
    executor = ChaosHttp.callbackPool(name);
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setPreferNativeTransport(true));
    client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(3_000)
            .setKeepAliveTimeout(10))
        // As many calls in flight as the traffic allows (CHAOS_MAX_OUTSTANDING and the checker's).
        .with(new PoolOptions().setHttp1MaxSize(2_000).setMaxWaitQueueSize(-1))
        .build();
    context = vertx.getOrCreateContext();
  }

  @Override
  public CompletableFuture<Resp> get(String url, long timeoutMs) {
    return send(HttpMethod.GET, url, timeoutMs, null, null);
  }

  @Override
  public CompletableFuture<Resp> get(String url, long timeoutMs, String bearer) {
    return send(HttpMethod.GET, url, timeoutMs, bearer, null);
  }

  @Override
  public CompletableFuture<Resp> post(String url, long timeoutMs, String... keyValues) {
    return send(HttpMethod.POST, url, timeoutMs, null, ChaosHttp.form(keyValues));
  }

  /**
   * One request; {@code timeoutMs} bounds the whole wait for the answer, as the JDK's client did (a call
   * to a paused node, a poll the router does not answer in time): then the request is reset and the
   * Resp says TIMEOUT.
   */
  private CompletableFuture<Resp> send(HttpMethod method, String url, long timeoutMs, String bearer, String form) {
    long sent = clock.now();
    CompletableFuture<Resp> out = new CompletableFuture<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    AtomicReference<String> stage = new AtomicReference<>("waiting for a connection");
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url);
    if (bearer != null) {
      options.putHeader("Authorization", "Bearer " + bearer);
    }
    if (form != null) {
      options.putHeader("Content-Type", "application/x-www-form-urlencoded");
    }
    long timer = vertx.setTimer(timeoutMs, id -> {
      if (done.compareAndSet(false, true)) {
        HttpClientRequest req = request.get();
        if (req != null) {
          req.reset();
        }
        complete(out, new Resp(0, "", Failure.TIMEOUT, "no answer in " + timeoutMs + " ms (" + stage.get() + ")",
            sent, clock.now()));
      }
    });
    // Every call from the one context the client's connections live on: from a fresh context (the
    // harness's threads are no Vert.x threads) a pooled connection's reply head is handed over on
    // another context, and then and again its body never completed (1-24 calls a run waited 10 s).
    context.runOnContext(v -> request(options, form, sent, done, request, stage, out, timer));
    return out;
  }

  private void request(RequestOptions options, String form, long sent, AtomicBoolean done,
                       AtomicReference<HttpClientRequest> request, AtomicReference<String> stage,
                       CompletableFuture<Resp> out, long timer) {
    try {
      client.request(options)
          .compose(req -> {
            request.set(req);
            stage.set("sent on " + req.connection().localAddress() + ", no reply head");
            return form == null ? req.send() : req.send(form);
          })
          .compose(resp -> {
            stage.set("head " + resp.statusCode() + " read, body not complete");
            return resp.body().map(body -> new Resp(resp.statusCode(), body.toString(StandardCharsets.UTF_8),
              Failure.NONE, null, sent, clock.now()));
          })
          .onComplete(ar -> {
            if (done.compareAndSet(false, true)) {
              vertx.cancelTimer(timer);
              complete(out, ar.succeeded() ? ar.result()
                  : new Resp(0, "", ChaosHttp.classify(ar.cause()), String.valueOf(ar.cause()), sent, clock.now()));
            }
          });
    } catch (RuntimeException e) {
      if (done.compareAndSet(false, true)) {
        vertx.cancelTimer(timer);
        complete(out, new Resp(0, "", Failure.IO, e.toString(), sent, clock.now()));
      }
    }
  }

  private void complete(CompletableFuture<Resp> out, Resp r) {
    try {
      executor.execute(() -> out.complete(r));
    } catch (RuntimeException shutDown) {
      out.complete(r);
    }
  }

  @Override
  public void close() {
    // After the traffic stopped and the routers are gone: nothing is left to run.
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a harness closing down: nothing to save
    }
    executor.shutdown();
  }
}
