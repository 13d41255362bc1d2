package org.nextim.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for the IM router on port 0, for what a real one does not do on demand: per path,
 * answer the next calls with 503 {@code unavailable} (with {@code Retry-After}), leave them unanswered,
 * or answer another status, then behave. It logs users in with one ticket per login and answers
 * {@code /messages} with {@code delivered}; every request is recorded with its parameters.
 */
public final class FakeRouter implements AutoCloseable {

  /** One request as the router got it. */
  public record Request(String path, Map<String, String> params) {
  }

  /** What the next calls of a path get before the path behaves. */
  private record Script(int status, String contentType, String body, int times) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, List<Script>> scripts = new ConcurrentHashMap<>();
  private final AtomicInteger tickets = new AtomicInteger();
  private volatile int delivered = 1;
  private volatile String retryAfter = "3";
  private int port;

  private FakeRouter() {
  }

  public static FakeRouter start() {
    FakeRouter f = new FakeRouter();
    Router web = Router.router(f.vertx);
    web.route().handler(BodyHandler.create(false));
    web.route().handler(f::handle);
    f.port = TestSite.await(f.vertx.createHttpServer().requestHandler(web).listen(0, "127.0.0.1")).actualPort();
    return f;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The next {@code times} calls of {@code path} answer 503 {@code unavailable} ({@code Integer.MAX_VALUE}: always). */
  public FakeRouter unavailable(String path, int times) {
    return script(path, 503, "application/json",
        new JsonObject().put("error", "unavailable").put("message", "the page's node is paused").put("retryable", true).encode(),
        times);
  }

  /**
   * The next {@code times} calls of {@code path} answer 503 as an overloaded router node does: with
   * {@code retry_after} in the body (and the {@code Retry-After} header, see {@link #retryAfter}).
   */
  public FakeRouter overloaded(String path, int times) {
    return script(path, 503, "application/json", new JsonObject().put("error", "unavailable")
        .put("message", "this node is overloaded; retry").put("retryable", true).put("retry_after", 1).encode(), times);
  }

  /** The next {@code times} calls of {@code path} are never answered. */
  public FakeRouter hang(String path, int times) {
    return script(path, 0, null, null, times);
  }

  /** The next {@code times} calls of {@code path} answer {@code status} with a text body. */
  public FakeRouter answer(String path, int status, String text, int times) {
    return script(path, status, "text/plain", text, times);
  }

  private FakeRouter script(String path, int status, String type, String body, int times) {
    scripts.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Script(status, type, body, times));
    return this;
  }

  /** {@code delivered} of the {@code /messages} replies that succeed (default 1). */
  public FakeRouter delivered(int n) {
    delivered = n;
    return this;
  }

  /** The {@code Retry-After} of the 503s (default 3). */
  public FakeRouter retryAfter(String seconds) {
    retryAfter = seconds;
    return this;
  }

  /** Forgets the scripts and the recorded requests: the router behaves again. */
  public void reset() {
    scripts.clear();
    requests.clear();
    delivered = 1;
    retryAfter = "3";
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  private synchronized Script next(String path) {
    List<Script> list = scripts.get(path);
    if (list == null) {
      return null;
    }
    while (!list.isEmpty()) {
      Script s = list.get(0);
      if (s.times() <= 0) {
        list.remove(0);
        continue;
      }
      list.set(0, new Script(s.status(), s.contentType(), s.body(), s.times() == Integer.MAX_VALUE ? s.times() : s.times() - 1));
      return s;
    }
    return null;
  }

  private void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    Map<String, String> params = new LinkedHashMap<>();
    ctx.request().params().forEach(e -> params.put(e.getKey(), e.getValue()));
    requests.add(new Request(path, params));
    Script s = next(path);
    if (s != null) {
      if (s.status() == 0) {
        return; // never answered
      }
      if (s.status() == 503) {
        ctx.response().putHeader("Retry-After", retryAfter);
      }
      ctx.response().setStatusCode(s.status()).putHeader("Content-Type", s.contentType()).end(s.body());
      return;
    }
    switch (path) {
      case "/presences/online" -> json(ctx, new JsonObject().put("ticket", "T" + tickets.incrementAndGet() + "-" + params.get("name"))
          .put("buddies", new JsonObject()).put("roominfo", new JsonObject()).put("clientnum", 1));
      case "/messages" -> json(ctx, new JsonObject().put("status", "ok").put("delivered", delivered));
      case "/onlines" -> ctx.response().putHeader("Content-Type", "application/json").end("[]");
      default -> ctx.response().putHeader("Content-Type", "text/plain").end("ok");
    }
  }

  private static void json(RoutingContext ctx, JsonObject o) {
    ctx.response().putHeader("Content-Type", "application/json").end(o.encode());
  }

  /** The parameters of every request of {@code path}, in order. */
  public List<Map<String, String>> params(String path) {
    List<Map<String, String>> out = new ArrayList<>();
    requests(path).forEach(r -> out.add(r.params()));
    return out;
  }

  @Override
  public void close() {
    TestSite.await(vertx.close());
  }
}
