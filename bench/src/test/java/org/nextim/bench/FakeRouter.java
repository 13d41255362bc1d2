package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A tiny in-memory stand-in for the router's protocol (online, offline, unicast messages, JSONP polls
 * with cursor), enough to drive the generator in tests. It can be told to drop or duplicate every n-th
 * message so the generator's accounting can be checked against a known answer.
 */
final class FakeRouter extends VerticleBase {

  private static final class Page {
    final String ticket;
    final String name;
    final List<JsonObject> buffer = new ArrayList<>();
    List<String> buddies = List.of();
    List<String> rooms = List.of();
    long seq;
    HttpServerRequest held;
    long heldTimer = -1;

    Page(String ticket, String name) {
      this.ticket = ticket;
      this.name = name;
    }
  }

  private final long pollTimeoutMs;
  private final Map<String, Page> byTicket = new HashMap<>();
  private final Map<String, Page> byName = new HashMap<>();
  /** Every cursor a poll arrived with, as "ticket:cursor"; read by tests from their own thread. */
  final ConcurrentLinkedQueue<String> cursorsSeen = new ConcurrentLinkedQueue<>();
  private HttpServer server;
  private int dropEvery;
  private int duplicateEvery;
  private boolean refuseFirstLogins;
  private final java.util.Set<String> refused = new java.util.HashSet<>();
  private long messageCount;

  private volatile int port;

  FakeRouter(long pollTimeoutMs) {
    this.pollTimeoutMs = pollTimeoutMs;
  }

  FakeRouter dropEvery(int n) {
    dropEvery = n;
    return this;
  }

  FakeRouter duplicateEvery(int n) {
    duplicateEvery = n;
    return this;
  }

  /** Answers each user's first login 503 with {@code retry_after}, as an overloaded node does. */
  FakeRouter refuseFirstLogins() {
    refuseFirstLogins = true;
    return this;
  }

  int port() {
    return port;
  }

  /** Deployed as a verticle so that every request is handled on one event loop: the maps are not shared. */
  @Override
  public Future<?> start() {
    server = vertx.createHttpServer();
    server.requestHandler(req -> {
      if (req.method().name().equals("POST")) {
        req.setExpectMultipart(true);
        req.end().onSuccess(v -> handle(req, req.formAttributes()));
      } else {
        handle(req, req.params());
      }
    });
    return server.listen(0, "127.0.0.1").onSuccess(s -> port = s.actualPort());
  }

  private void handle(HttpServerRequest req, MultiMap form) {
    switch (req.path()) {
      case "/presences/online" -> online(req, form);
      case "/presences/offline" -> offline(req, form);
      case "/messages" -> message(req, form);
      case "/packets" -> poll(req);
      default -> req.response().setStatusCode(404).end("{\"error\":\"not_found\"}");
    }
  }

  private boolean authenticated(HttpServerRequest req, MultiMap form) {
    if ("localhost".equals(form.get("domain")) && "public".equals(form.get("apikey"))) {
      return true;
    }
    req.response().setStatusCode(401).end("authentication failed.");
    return false;
  }

  private void online(HttpServerRequest req, MultiMap form) {
    if (!authenticated(req, form)) {
      return;
    }
    if (refuseFirstLogins && refused.add(form.get("name"))) {
      req.response().setStatusCode(503).putHeader("Retry-After", "1").end(
          "{\"error\":\"unavailable\",\"message\":\"this node is overloaded; retry\",\"retryable\":true,"
              + "\"retry_after\":0.05}");
      return;
    }
    Page page = new Page(UUID.randomUUID().toString(), form.get("name"));
    page.buddies = split(form.get("buddies"));
    page.rooms = split(form.get("rooms"));
    byTicket.put(page.ticket, page);
    byName.put(page.name, page);
    announce(page, "online");
    req.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("ticket", page.ticket).put("buddies", new JsonObject()).encode());
  }

  private void offline(HttpServerRequest req, MultiMap form) {
    if (!authenticated(req, form)) {
      return;
    }
    Page page = byTicket.remove(form.get("ticket"));
    if (page == null) {
      req.response().setStatusCode(404).end("invalid ticket.");
      return;
    }
    byName.remove(page.name);
    announce(page, "offline");
    if (page.held != null) {
      vertx.cancelTimer(page.heldTimer);
      page.held.response().setStatusCode(404).end("{\"error\":\"invalid_ticket\"}");
      page.held = null;
    }
    req.response().end("ok");
  }

  private void message(HttpServerRequest req, MultiMap form) {
    if (!authenticated(req, form)) {
      return;
    }
    Page sender = byTicket.get(form.get("ticket"));
    if (sender == null) {
      req.response().setStatusCode(404).end("invalid ticket.");
      return;
    }
    if ("multicast".equals(form.get("type"))) {
      multicast(req, form, sender);
      return;
    }
    Page to = byName.get(form.get("to"));
    long n = ++messageCount;
    int delivered = 0;
    boolean drop = dropEvery > 0 && n % dropEvery == 0;
    if (to != null && !drop) {
      JsonObject packet = new JsonObject().put("id", form.get("id")).put("from", sender.name)
          .put("nick", sender.name).put("to", to.name).put("timestamp", System.currentTimeMillis())
          .put("type", "unicast").put("body", form.get("body")).put("style", "");
      queue(to, packet);
      if (duplicateEvery > 0 && n % duplicateEvery == 0) {
        queue(to, packet.copy());
      }
      delivered = 1;
    }
    if ("1".equals(form.get("ack"))) {
      req.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("status", "ok").put("delivered", delivered).encode());
    } else {
      req.response().end("ok");
    }
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isEmpty() ? List.of() : List.of(csv.split(","));
  }

  /** A presence of {@code page}'s user to its online buddies (one page per user here). */
  private void announce(Page page, String type) {
    for (String b : page.buddies) {
      Page buddy = byName.get(b);
      if (buddy != null) {
        queue(buddy, new JsonObject().put("_kind", "presence").put("from", page.name).put("nick", page.name)
            .put("type", type).put("show", type.equals("online") ? "available" : "unavailable").put("status", ""));
      }
    }
  }

  private void multicast(HttpServerRequest req, MultiMap form, Page sender) {
    String room = form.get("to");
    if (!sender.rooms.contains(room)) {
      req.response().setStatusCode(403).end("{\"error\":\"not_a_member\"}");
      return;
    }
    int delivered = 0;
    for (Page p : new ArrayList<>(byTicket.values())) {
      if (p != sender && p.rooms.contains(room)) {
        queue(p, new JsonObject().put("id", form.get("id")).put("from", sender.name).put("nick", sender.name)
            .put("to", room).put("timestamp", System.currentTimeMillis()).put("type", "multicast")
            .put("body", form.get("body")).put("style", ""));
        delivered++;
      }
    }
    req.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "ok").put("delivered", delivered).encode());
  }

  private void queue(Page page, JsonObject packet) {
    page.buffer.add(packet.put("_seq", ++page.seq));
    if (page.held != null) {
      HttpServerRequest held = page.held;
      page.held = null;
      vertx.cancelTimer(page.heldTimer);
      // Answer on the next turn so that messages sent together leave in one reply, as a router would.
      vertx.runOnContext(v -> reply(page, held, Long.parseLong(held.getParam("cursor", "0"))));
    }
  }

  private void poll(HttpServerRequest req) {
    Page page = byTicket.get(req.getParam("ticket"));
    if (page == null) {
      req.response().setStatusCode(404).end("{\"error\":\"invalid_ticket\"}");
      return;
    }
    long cursor = Long.parseLong(req.getParam("cursor", "0"));
    cursorsSeen.add(page.ticket + ":" + cursor);
    if (page.held != null) {
      vertx.cancelTimer(page.heldTimer);
      answer(page.held.response(), page, List.of(), page.seq);
      page.held = null;
    }
    page.buffer.removeIf(p -> p.getLong("_seq") <= cursor); // acknowledged by the cursor
    if (!page.buffer.isEmpty()) {
      reply(page, req, cursor);
      return;
    }
    page.held = req;
    page.heldTimer = vertx.setTimer(pollTimeoutMs, t -> {
      if (page.held == req) {
        page.held = null;
        answer(req.response(), page, List.of(), page.seq);
      }
    });
  }

  private void reply(Page page, HttpServerRequest req, long cursor) {
    List<JsonObject> out = new ArrayList<>();
    long last = cursor;
    for (JsonObject p : page.buffer) {
      if (p.getLong("_seq") > cursor) {
        out.add(p);
        last = p.getLong("_seq");
      }
    }
    answer(req.response(), page, out, last);
  }

  private void answer(HttpServerResponse resp, Page page, List<JsonObject> packets, long cursor) {
    JsonArray messages = new JsonArray();
    JsonArray presences = new JsonArray();
    packets.forEach(p -> {
      JsonObject m = p.copy();
      m.remove("_seq");
      if ("presence".equals(m.remove("_kind"))) {
        presences.add(m);
      } else {
        messages.add(m);
      }
    });
    JsonObject body = new JsonObject().put("status", "ok").put("cursor", cursor).put("messages", messages)
        .put("presences", presences).put("statuses", new JsonArray());
    resp.putHeader("Content-Type", "application/javascript; charset=utf-8")
        .end("cb(" + body.encode() + ");");
  }
}
