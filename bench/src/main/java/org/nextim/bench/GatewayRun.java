package org.nextim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The community gateway under the load of a real community, against a running gateway (and its router):
 * for each buddy-list size of {@code --buddies}, a user with that many buddies ({@code --online-share}
 * of them online), {@code --rooms} rooms and {@code --tabs} open chats with history logs in
 * {@code --online-calls} times in a row ({@code /webim/online}, one at a time): latency and the database
 * statements per call (from {@code GET /site/stats}, so the gateway must have no other clients). Then
 * {@code --message-concurrency} senders post {@code /webim/message} to online buddies in a closed loop for
 * {@code --message-seconds}: messages per second, latency, statements per message.
 */
public final class GatewayRun {

  private static final Logger log = LoggerFactory.getLogger(GatewayRun.class);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String url;
  private final String siteKey;
  private final byte[] secret;

  private GatewayRun(String url, String siteKey, String secret) {
    this.url = url;
    this.siteKey = siteKey;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  public static JsonObject run(BenchArgs args) throws Exception {
    String url = args.string("gateway-url", "http://127.0.0.1:8080");
    String siteKey = args.string("site-key", "");
    String secret = args.string("jwt-secret", "");
    List<String> sizes = args.list("buddies", "10,500,5000");
    double share = Double.parseDouble(args.string("online-share", "0.1"));
    int tabs = args.integer("tabs", 10, 0, 500);
    int rooms = args.integer("rooms", 5, 0, 500);
    int history = args.integer("history", 30, 0, 1000);
    int calls = args.integer("online-calls", 200, 1, 1_000_000);
    int warmup = args.integer("warmup-calls", 20, 0, 1_000_000);
    int seconds = args.integer("message-seconds", 10, 0, 3600);
    int concurrency = args.integer("message-concurrency", 8, 1, 256);
    String label = args.string("label", "");
    args.rejectUnknown();
    if (siteKey.isEmpty() || secret.isEmpty()) {
      throw new IllegalArgumentException("--site-key and --jwt-secret are required");
    }
    GatewayRun run = new GatewayRun(url, siteKey, secret);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(8, concurrency));
    try {
      JsonArray online = new JsonArray();
      for (String s : sizes) {
        online.add(run.onlineLevel(pool, Integer.parseInt(s.trim()), share, tabs, rooms, history, warmup, calls));
      }
      JsonObject result = new JsonObject().put("scenario", "gateway").put("label", label)
          .put("parameters", args.effective()).put("online", online);
      if (seconds > 0) {
        result.put("message", run.messageLevel(pool, concurrency, seconds));
      }
      return result;
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- the levels ----

  private JsonObject onlineLevel(ExecutorService pool, int size, double share, int tabs, int rooms, int history,
                                 int warmup, int calls) throws Exception {
    String me = "gw" + size + "-user";
    List<String> buddies = IntStream.range(0, size).mapToObj(i -> String.format("gw%d-buddy-%05d", size, i)).toList();
    log.info("online level: {} buddies; seeding", size);
    site("PUT", "/site/users/" + me, new JsonObject().put("nick", "User " + size));
    parallel(pool, buddies, b -> site("PUT", "/site/users/" + b, new JsonObject().put("nick", b)));
    JsonArray links = new JsonArray();
    buddies.forEach(b -> links.add(new JsonObject().put("id", b).put("group", "friend")));
    site("PUT", "/site/users/" + me + "/buddies", links);
    List<String> roomIds = new ArrayList<>();
    for (int r = 0; r < rooms; r++) {
      String id = "gw" + size + "-room-" + r;
      roomIds.add(id);
      JsonArray members = new JsonArray().add(me);
      buddies.stream().limit(20).forEach(members::add);
      site("PUT", "/site/rooms/" + id, new JsonObject().put("nick", id).put("members", members));
    }
    List<String> open = buddies.subList(0, Math.min(tabs, size));
    // History with the open chats and in the rooms, written the way users write it.
    JsonObject page = online(me, Map.of());
    String ticket = page.getJsonObject("connection").getString("ticket");
    for (String to : open) {
      for (int i = 0; i < history; i++) {
        post("/webim/message", me, Map.of("ticket", ticket, "to", to, "body", "history " + i));
      }
    }
    for (String room : roomIds) {
      for (int i = 0; i < history; i++) {
        post("/webim/message", me, Map.of("ticket", ticket, "type", "multicast", "to", room, "body", "room " + i));
      }
    }
    List<String> onlineBuddies = buddies.subList(0, (int) Math.round(size * share));
    parallel(pool, onlineBuddies, b -> online(b, Map.of()));

    Map<String, String> params = new LinkedHashMap<>();
    params.put("buddy_ids", String.join(",", open));
    params.put("room_ids", String.join(",", roomIds));
    for (int i = 0; i < warmup; i++) {
      online(me, params);
    }
    JsonObject before = stats();
    Histogram latency = LatencySummary.newHistogram();
    JsonObject last = null;
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      last = online(me, params);
      LatencySummary.recordMicros(latency, (System.nanoTime() - t0) / 1000);
    }
    JsonObject after = stats();
    JsonObject level = new JsonObject().put("buddies", size).put("online_buddies", onlineBuddies.size())
        .put("open_chats", open.size()).put("rooms", rooms).put("history_per_chat", history).put("calls", calls)
        .put("latency_ms", LatencySummary.toJson(latency))
        .put("statements_per_call", perCall(before, after, "statements", calls))
        .put("transactions_per_call", perCall(before, after, "transactions", calls))
        .put("reply_bytes", last.encode().length())
        .put("reply_online_buddies", last.getString("buddy_online_ids").isEmpty() ? 0
            : last.getString("buddy_online_ids").split(",").length);
    log.info("online level {}: {}", size, level.encode());
    return level;
  }

  private JsonObject messageLevel(ExecutorService pool, int concurrency, int seconds) throws Exception {
    log.info("message level: {} senders for {} s", concurrency, seconds);
    List<String> senders = IntStream.range(0, concurrency).mapToObj(i -> "gwmsg-sender-" + i).toList();
    List<String> receivers = IntStream.range(0, concurrency).mapToObj(i -> "gwmsg-receiver-" + i).toList();
    List<String> tickets = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      site("PUT", "/site/users/" + senders.get(i), new JsonObject().put("nick", senders.get(i)));
      site("PUT", "/site/users/" + receivers.get(i), new JsonObject().put("nick", receivers.get(i)));
      online(receivers.get(i), Map.of());
      tickets.add(online(senders.get(i), Map.of()).getJsonObject("connection").getString("ticket"));
    }
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Histogram[] latencies = new Histogram[concurrency];
    long warmupEnd = System.nanoTime() + 2_000_000_000L;
    long end = warmupEnd + seconds * 1_000_000_000L;
    JsonObject[] before = new JsonObject[1];
    List<Future<?>> loops = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      int n = i;
      latencies[i] = LatencySummary.newHistogram();
      loops.add(pool.submit(() -> {
        long k = 0;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          boolean counted = t0 >= warmupEnd;
          int status = postStatus("/webim/message", senders.get(n),
              Map.of("ticket", tickets.get(n), "to", receivers.get(n), "body", "load " + k++));
          if (counted) {
            LatencySummary.recordMicros(latencies[n], (System.nanoTime() - t0) / 1000);
            (status == 200 ? ok : failed).incrementAndGet();
          }
        }
        return null;
      }));
    }
    while (System.nanoTime() < warmupEnd) {
      Thread.sleep(50);
    }
    before[0] = stats();
    for (Future<?> f : loops) {
      f.get();
    }
    JsonObject after = stats();
    Histogram all = LatencySummary.newHistogram();
    for (Histogram h : latencies) {
      all.add(h);
    }
    long sent = ok.get();
    return new JsonObject().put("senders", concurrency).put("seconds", seconds).put("ok", sent)
        .put("failed", failed.get()).put("per_second", Math.round(sent / (double) seconds))
        .put("latency_ms", LatencySummary.toJson(all))
        .put("statements_per_message", perCall(before[0], after, "statements", Math.max(1, sent + failed.get())));
  }

  private static double perCall(JsonObject before, JsonObject after, String key, long calls) {
    long d = after.getJsonObject("db").getLong(key) - before.getJsonObject("db").getLong(key);
    return Math.round(d * 100.0 / calls) / 100.0;
  }

  // ---- HTTP ----

  private interface Task<T> {
    void run(T item) throws Exception;
  }

  private static <T> void parallel(ExecutorService pool, List<T> items, Task<T> task) throws Exception {
    List<Future<?>> fs = new ArrayList<>();
    int workers = 4;
    for (int w = 0; w < workers; w++) {
      int start = w;
      fs.add(pool.submit(() -> {
        for (int i = start; i < items.size(); i += workers) {
          task.run(items.get(i));
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
  }

  private JsonObject stats() throws Exception {
    return new JsonObject(send(HttpRequest.newBuilder(URI.create(url + "/site/stats")).header("X-Api-Key", siteKey)
        .GET(), 200));
  }

  private void site(String method, String path, Object json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("X-Api-Key", siteKey)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json.toString()));
    HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  private JsonObject online(String user, Map<String, String> params) throws Exception {
    return new JsonObject(post("/webim/online", user, params));
  }

  private String post(String path, String user, Map<String, String> params) throws Exception {
    return send(request(path, user, params), 200);
  }

  private int postStatus(String path, String user, Map<String, String> params) {
    try {
      return http.send(request(path, user, params).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private HttpRequest.Builder request(String path, String user, Map<String, String> params) {
    StringBuilder form = new StringBuilder();
    params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + token(user))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
  }

  private String send(HttpRequest.Builder b, int expected) throws Exception {
    HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(r.uri().getPath() + " answered " + r.statusCode() + ": "
          + r.body().substring(0, Math.min(300, r.body().length())));
    }
    return r.body();
  }

  /** An HS256 token for {@code user}, as the site signs it, valid for an hour. */
  String token(String user) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(new JsonObject().put("sub", user)
        .put("exp", System.currentTimeMillis() / 1000 + 3600).encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String sig = b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
      return header + "." + claims + "." + sig;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
