package org.nextim.gateway.router;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.metrics.RouterCallMetrics;
import org.nextim.gateway.store.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * {@link RouterClient} over one Vert.x {@link WebClient} (form POSTs, query GETs). {@link #call} is the
 * one place where router failures become the gateway's errors, and {@link #withRetries} the one place
 * where they are retried.
 *
 * <p>Retries: a router that answers 503 ({@code unavailable}: the node holding the page, or the
 * logging-in user's home, is slow or paused but still in the cluster) or does not answer within the
 * call timeout is asked again with exactly the same parameters (same ticket, same message id: the
 * router's {@code /messages} is idempotent by id) after a full-jitter backoff, for at most
 * {@code retryMs} after the first such failure (waits and attempts together; a retry's own timeout is
 * shortened to fit). What is still unavailable then fails with 503 {@code unavailable} and the
 * router's {@code Retry-After}. Nothing else is retried: 404 {@code invalid ticket.} is final, and a
 * refused connection, a 401 or another 5xx is a 502.
 */
public final class WebRouterClient implements RouterClient {

  private static final Logger log = LoggerFactory.getLogger(WebRouterClient.class);
  /** First retry waits up to this long (full jitter); each next one up to twice as long … */
  static final long RETRY_BASE_MS = 50;
  /** … but never more than this. */
  static final long RETRY_CAP_MS = 500;
  /** A retry is not worth starting with less time than this left in the budget. */
  static final long MIN_ATTEMPT_MS = 20;
  /** {@code /onlines} with a longer name list is sent as a form POST. */
  static final int MAX_QUERY_NAMES_CHARS = 2_000;

  private final Vertx vertx;
  private final WebClient client;
  private final String baseUrl;
  private final String domain;
  private final String apikey;
  private final long timeoutMs;
  private final long retryMs;
  private final RouterCallMetrics metrics;

  public WebRouterClient(Vertx vertx, WebClient client, String baseUrl, String domain, String apikey, long timeoutMs,
                         long retryMs, RouterCallMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.client = client;
    this.baseUrl = baseUrl;
    this.domain = domain;
    this.apikey = apikey;
    this.timeoutMs = timeoutMs;
    this.retryMs = retryMs;
  }

  private MultiMap form() {
    return MultiMap.caseInsensitiveMultiMap().add("domain", domain).add("apikey", apikey);
  }

  private static void put(MultiMap form, String key, String value) {
    if (value != null) {
      form.add(key, value);
    }
  }

  private Future<Buffer> post(String path, MultiMap form) {
    return withRetries(path, timeout -> client.postAbs(baseUrl + path).timeout(timeout).sendForm(form));
  }

  private Future<Buffer> get(String path, MultiMap query) {
    return withRetries(path, timeout -> {
      HttpRequest<Buffer> req = client.getAbs(baseUrl + path).timeout(timeout);
      query.forEach(e -> req.addQueryParam(e.getKey(), e.getValue()));
      return req.send();
    });
  }

  /** Sends (each attempt with the same parameters; {@code send} gets the attempt's timeout), retrying 503s. */
  private Future<Buffer> withRetries(String path, LongFunction<Future<HttpResponse<Buffer>>> send) {
    Promise<Buffer> result = Promise.promise();
    long start = System.nanoTime();
    attempt(path, send, 1, 0, timeoutMs, result);
    return result.future().onComplete(ar -> metrics.record(path, System.nanoTime() - start, ar.cause()));
  }

  private void attempt(String path, LongFunction<Future<HttpResponse<Buffer>>> send, int n, long deadlineNanos,
                       long timeout, Promise<Buffer> result) {
    call(path, send.apply(timeout)).onComplete(ar -> {
      if (ar.succeeded()) {
        if (n > 1) {
          log.info("router {} answered on attempt {}", path, n);
        }
        result.complete(ar.result());
        return;
      }
      Throwable cause = ar.cause() instanceof Busy b ? b.error : ar.cause();
      if (!(cause instanceof ApiError e) || e.status() != 503) {
        result.fail(cause);
        return;
      }
      long now = System.nanoTime();
      long deadline = n == 1 ? now + TimeUnit.MILLISECONDS.toNanos(retryMs) : deadlineNanos;
      // A router that said when to come back (an overloaded node: Retry-After in its body too) is not
      // asked again sooner, which would only add to its load; otherwise a short jittered backoff.
      long delay = ar.cause() instanceof Busy b ? b.waitMs + retryDelay(1) : retryDelay(n);
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - now) - delay;
      if (left < MIN_ATTEMPT_MS) {
        log.warn("router {} still unavailable after {} attempt(s): {}", path, n, e.getMessage());
        result.fail(e);
        return;
      }
      log.debug("router {} unavailable (attempt {}): {}; again in {} ms", path, n, e.getMessage(), delay);
      vertx.setTimer(delay, id -> attempt(path, send, n + 1, deadline, Math.min(timeoutMs, left), result));
    });
  }

  /** A 503 whose body names when to retry ({@code retry_after}, seconds): wait that long first. */
  private static final class Busy extends RuntimeException {
    final ApiError error;
    final long waitMs;

    Busy(ApiError error, long waitMs) {
      super(error.getMessage(), null, false, false);
      this.error = error;
      this.waitMs = waitMs;
    }
  }

  /** Full jitter: a random wait up to min(cap, base * 2^(n-1)), at least a few milliseconds. */
  static long retryDelay(int n) {
    long ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS << Math.min(n - 1, 10));
    return Math.max(5, ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  /** Maps every way a router call can fail to the gateway's error vocabulary. */
  private Future<Buffer> call(String path, Future<HttpResponse<Buffer>> sent) {
    return sent.recover(e -> {
      if (e instanceof TimeoutException) {
        // Connected (or waited for a connection) but no answer in time: a slow or paused node.
        log.debug("router {} timed out: {}", path, e.toString());
        return Future.failedFuture(ApiError.unavailable("the router did not answer in time; try again", 1));
      }
      log.warn("router {} unreachable: {}", path, e.toString());
      return Future.failedFuture(ApiError.badGateway("router unreachable"));
    }).compose(resp -> {
      int status = resp.statusCode();
      Buffer body = resp.body() == null ? Buffer.buffer() : resp.body();
      if (status == 200) {
        return Future.succeededFuture(body);
      }
      String text = body.toString();
      if (status == 404 && text.startsWith("invalid ticket")) {
        return Future.failedFuture(ApiError.notFound("invalid_ticket", "the page's ticket is no longer live; go online again"));
      }
      if (status == 503) {
        JsonObject err = jsonOrNull(text);
        String why = err == null ? null : err.getString("message");
        ApiError busy = ApiError.unavailable(
            "the router is busy" + (why == null || why.isBlank() ? "" : " (" + why + ")") + "; try again",
            retryAfter(resp));
        Object explicit = err == null ? null : err.getValue("retry_after");
        return Future.failedFuture(explicit instanceof Number
            ? new Busy(busy, TimeUnit.SECONDS.toMillis(Math.max(1, retryAfter(resp)))) : busy);
      }
      if (status == 429) {
        return Future.failedFuture(ApiError.rateLimited("the router is rate limiting this site; try again later",
            retryAfter(resp)));
      }
      if (status == 403) {
        JsonObject err = jsonOrNull(text);
        if (err != null && "domain_disabled".equals(err.getString("error"))) {
          // The router's operator disabled this site's tenant: nothing here is the user's doing.
          return Future.failedFuture(ApiError.forbidden("domain_disabled", "the chat of this site is disabled"));
        }
        return Future.failedFuture(ApiError.forbidden("not_a_member", "not a member of this room"));
      }
      if (status == 400) {
        JsonObject err = jsonOrNull(text);
        String param = err == null ? null : err.getString("param");
        return Future.failedFuture(new ApiError(400, "invalid_parameter",
            err == null ? "rejected by the router" : err.getString("message", "rejected by the router"), param));
      }
      if (status == 413) {
        return Future.failedFuture(ApiError.tooLarge());
      }
      // 401 (our domain/apikey refused), other 5xx, anything else: the router cannot serve us.
      log.warn("router {} answered {}: {}", path, status, text.length() > 200 ? text.substring(0, 200) : text);
      return Future.failedFuture(ApiError.badGateway("router answered " + status));
    });
  }

  /** The reply's {@code Retry-After} in seconds (1 when absent or not a number of seconds). */
  private static int retryAfter(HttpResponse<Buffer> resp) {
    String v = resp.getHeader("Retry-After");
    if (v != null) {
      try {
        long s = Long.parseLong(v.trim());
        if (s >= 0) {
          return (int) Math.min(s, 3600);
        }
      } catch (NumberFormatException e) {
        // an HTTP date, or garbage: fall back to the default
      }
    }
    return 1;
  }

  private static JsonObject jsonOrNull(String text) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static <T> Future<T> parse(Buffer body, java.util.function.Function<Buffer, T> parser) {
    try {
      return Future.succeededFuture(parser.apply(body));
    } catch (RuntimeException e) {
      log.warn("router reply not understood: {}", e.toString());
      return Future.failedFuture(ApiError.badGateway("router reply not understood"));
    }
  }

  @Override
  public Future<Void> ping() {
    return client.getAbs(baseUrl + "/health/ready").timeout(timeoutMs).send().compose(resp -> resp.statusCode() == 200
        ? Future.succeededFuture()
        : Future.failedFuture("the router answers " + resp.statusCode() + " to /health/ready"));
  }

  @Override
  public Future<OnlineReply> online(String name, String nick, Collection<String> buddies, Collection<String> rooms,
                                    String show, String status) {
    MultiMap f = form().add("name", name).add("nick", nick)
        .add("buddies", String.join(",", buddies)).add("rooms", String.join(",", rooms));
    put(f, "show", show);
    put(f, "status", status);
    return post("/presences/online", f).compose(b -> parse(b, body -> {
      JsonObject json = body.toJsonObject();
      String ticket = json.getString("ticket");
      if (ticket == null || ticket.isEmpty()) {
        throw new IllegalStateException("no ticket");
      }
      Map<String, String> shows = new LinkedHashMap<>();
      json.getJsonObject("buddies", new JsonObject()).forEach(e -> shows.put(e.getKey(), String.valueOf(e.getValue())));
      Map<String, Integer> counts = new LinkedHashMap<>();
      json.getJsonObject("roominfo", new JsonObject())
          .forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).intValue()));
      return new OnlineReply(ticket, shows, counts, json.getInteger("clientnum", 1));
    }));
  }

  @Override
  public Future<Void> offline(String ticket, boolean all) {
    MultiMap f = form().add("ticket", ticket);
    if (all) {
      f.add("all", "1");
    }
    return post("/presences/offline", f).mapEmpty();
  }

  @Override
  public Future<Void> show(String ticket, String show, String nick, String status) {
    MultiMap f = form().add("ticket", ticket).add("show", show);
    put(f, "nick", nick);
    put(f, "status", status);
    return post("/presences/show", f).mapEmpty();
  }

  @Override
  public Future<Void> status(String ticket, String to, String show, String nick, String id) {
    MultiMap f = form().add("ticket", ticket).add("to", to).add("show", show);
    put(f, "nick", nick);
    put(f, "id", id);
    return post("/statuses", f).mapEmpty();
  }

  @Override
  public Future<Integer> message(String ticket, String type, String to, String body, String nick, String style,
                                 long timestamp, String id) {
    MultiMap f = form().add("ticket", ticket).add("type", type).add("body", body)
        .add("timestamp", Long.toString(timestamp)).add("id", id).add("ack", "1");
    put(f, "to", to);
    put(f, "nick", nick);
    put(f, "style", style);
    return post("/messages", f).compose(b -> parse(b, reply -> reply.toJsonObject().getInteger("delivered", 0)));
  }

  @Override
  public Future<List<Presence>> onlines(Collection<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String list = String.join(",", names);
    MultiMap q = form().add("names", list).add("version", "3");
    // A long list (a whole buddy list) would not fit in a request line: the router takes it as a form too.
    return (list.length() > MAX_QUERY_NAMES_CHARS ? post("/onlines", q) : get("/onlines", q)).compose(b -> parse(b, body -> {
      List<Presence> out = new ArrayList<>();
      for (Object o : body.toJsonArray()) {
        JsonObject p = (JsonObject) o;
        out.add(new Presence(p.getString("name"), p.getString("nick"), p.getString("show", "available"),
            p.getString("status", "")));
      }
      return out;
    }));
  }

  /** The router answers at most this many rooms per {@code /room/members} call. */
  static final int ROOMS_PER_CALL = 500;

  @Override
  public Future<Map<String, List<Member>>> roomMembers(List<String> rooms) {
    List<Future<Map<String, List<Member>>>> calls = new ArrayList<>();
    for (int from = 0; from < rooms.size(); from += ROOMS_PER_CALL) {
      List<String> chunk = rooms.subList(from, Math.min(rooms.size(), from + ROOMS_PER_CALL));
      calls.add(get("/room/members", form().add("rooms", String.join(",", chunk))).compose(b -> parse(b, body -> {
        JsonObject byRoom = body.toJsonObject();
        Map<String, List<Member>> out = new HashMap<>();
        for (String room : chunk) {
          List<Member> members = new ArrayList<>();
          for (Object o : byRoom.getJsonArray(room, new JsonArray())) {
            JsonObject m = (JsonObject) o;
            members.add(new Member(m.getString("id"), m.getString("nick")));
          }
          out.put(room, members);
        }
        return out;
      })));
    }
    return Future.all(calls).map(all -> {
      Map<String, List<Member>> merged = new HashMap<>();
      calls.forEach(c -> merged.putAll(c.result()));
      return merged;
    });
  }

  @Override
  public Future<Integer> join(String ticket, String room, String nick) {
    MultiMap f = form().add("ticket", ticket).add("room", room);
    put(f, "nick", nick);
    return post("/room/join", f).compose(b -> parse(b, body -> body.toJsonObject().getInteger(room, 0)));
  }

  @Override
  public Future<Void> leave(String ticket, String room, String nick) {
    MultiMap f = form().add("ticket", ticket).add("room", room);
    put(f, "nick", nick);
    return post("/room/leave", f).mapEmpty();
  }
}
