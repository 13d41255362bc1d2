package org.nextim.router.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.router.core.Page;
import org.nextim.router.core.PresenceInfo;
import org.nextim.router.core.RouterError;
import org.nextim.router.core.RouterNode;
import org.nextim.router.core.Show;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The router's HTTP face: where every request enters. It reads the body (up to the limit), checks the
 * tenant, parses and validates parameters, calls the {@link RouterNode}, and writes the reply. One
 * instance serves all event loops; it holds no per-request state.
 */
public final class HttpApi implements Handler<HttpServerRequest> {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final Pattern CALLBACK =
      Pattern.compile("[A-Za-z_$][\\w$]{0,63}(\\.[A-Za-z_$][\\w$]{0,63})*");
  private static final int MAX_CALLBACK = 256;

  /** A REST call: parameters in, reply out (or a {@link RouterError} thrown). */
  private interface Call {
    void handle(String domain, Params params, HttpServerResponse resp);
  }

  private final Vertx vertx;
  private final RouterNode node;
  private final int maxBodyBytes;
  private final Map<String, byte[]> apikeys = new HashMap<>();
  private final Map<String, Call> calls = new HashMap<>();

  public HttpApi(Vertx vertx, RouterNode node, Map<String, String> domains, int maxBodyBytes) {
    this.vertx = vertx;
    this.node = node;
    this.maxBodyBytes = maxBodyBytes;
    domains.forEach((d, key) -> apikeys.put(d, key.getBytes(StandardCharsets.UTF_8)));
    calls.put("/presences/online", this::online);
    calls.put("/presences/offline", this::offline);
    calls.put("/presences/show", this::show);
    calls.put("/statuses", this::statuses);
    calls.put("/messages", this::messages);
    calls.put("/onlines", this::onlines);
    calls.put("/room/members", this::members);
    calls.put("/room/join", this::join);
    calls.put("/room/leave", this::leave);
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = req.path();
    boolean packets = "/packets".equals(path);
    Call call = packets ? null : calls.get(path);
    if (!packets && call == null) {
      Replies.error(req.response(), RouterError.notFound(path), false);
      return;
    }
    if (req.method() == HttpMethod.GET && !hasBody(req)) {
      dispatch(req, packets, call, null);
      return;
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parseLength(length) > maxBodyBytes) {
      tooLarge(req);
      return;
    }
    Buffer body = Buffer.buffer();
    req.handler(chunk -> {
      if (body.length() + chunk.length() > maxBodyBytes) {
        tooLarge(req);
      } else if (!req.response().ended()) {
        body.appendBuffer(chunk);
      }
    });
    req.endHandler(v -> {
      if (!req.response().ended()) {
        dispatch(req, packets, call, body);
      }
    });
  }

  private void dispatch(HttpServerRequest req, boolean packets, Call call, Buffer body) {
    HttpServerResponse resp = req.response();
    try {
      Params params = Params.parse(req.uri(), req.getHeader(HttpHeaders.CONTENT_TYPE), body);
      if (packets) {
        poll(req, params);
      } else {
        String domain = authenticate(params);
        call.handle(domain, params, resp);
      }
    } catch (RouterError e) {
      if (e.status() >= 500) {
        log.warn("{} {}: {}", req.method(), req.path(), e.getMessage());
      } else if (log.isDebugEnabled()) {
        log.debug("{} {}: {} {}", req.method(), req.path(), e.status(), e.getMessage());
      }
      Replies.error(resp, e, !packets);
    } catch (RuntimeException e) {
      log.error("{} {} failed", req.method(), req.path(), e);
      Replies.json(resp, 500, new JsonObject().put("error", "internal").put("message", "internal error").toBuffer());
    }
  }

  /** Checks domain + apikey in constant time; returns the domain. */
  private String authenticate(Params params) {
    String domain = params.optional("domain");
    String apikey = params.optional("apikey");
    byte[] expected = domain == null ? null : apikeys.get(domain);
    if (expected == null || apikey == null
        || !MessageDigest.isEqual(expected, apikey.getBytes(StandardCharsets.UTF_8))) {
      throw RouterError.authenticationFailed();
    }
    return domain;
  }

  // ---- GET /packets ----

  private void poll(HttpServerRequest req, Params params) {
    String callback = params.optional("callback");
    if (callback != null && (callback.length() > MAX_CALLBACK || !CALLBACK.matcher(callback).matches())) {
      throw RouterError.invalid("callback", "not a JavaScript identifier path");
    }
    long cursor = params.cursor();
    String domain = params.required("domain");
    String ticket = params.required("ticket");
    Page page = node.page(domain, ticket);
    HttpPoll poll = new HttpPoll(req.response(), vertx.getOrCreateContext(), cursor, callback);
    req.response().closeHandler(v -> page.pollClosed(poll));
    page.hold(poll, node.pollTimeoutMs());
  }

  // ---- REST calls ----

  private void online(String domain, Params p, HttpServerResponse resp) {
    String name = p.name("name");
    String nick = p.required("nick");
    List<String> buddies = p.names("buddies");
    List<String> rooms = p.names("rooms");
    String show = p.show(false, Show.AVAILABLE);
    String status = p.optional("status");
    boolean v3 = "3".equals(p.optional("version"));
    RouterNode.Login login = node.login(domain, name, nick, buddies, rooms, show, status);
    JsonObject reply = new JsonObject().put("ticket", login.ticket());
    if (v3) {
      JsonArray roomList = new JsonArray();
      login.rooms().forEach((room, n) -> roomList.add(new JsonObject().put("name", room).put("total", n)));
      reply.put("rooms", roomList).put("buddies", presenceList(login.buddies()));
    } else {
      JsonObject buddyShows = new JsonObject();
      login.buddies().forEach(b -> buddyShows.put(b.name(), b.show()));
      reply.put("buddies", buddyShows)
          .put("roominfo", new JsonObject(new HashMap<>(login.rooms())))
          .put("clientnum", login.clientnum());
    }
    Replies.json(resp, 200, reply.toBuffer());
  }

  private void offline(String domain, Params p, HttpServerResponse resp) {
    Page page = node.page(domain, p.required("ticket"));
    node.logout(page, p.flag("all"));
    Replies.ok(resp);
  }

  private void show(String domain, Params p, HttpServerResponse resp) {
    String ticket = p.required("ticket");
    String show = p.show(true, null);
    Page page = node.page(domain, ticket);
    node.show(page, show, p.optional("nick"), p.optional("status"));
    Replies.ok(resp);
  }

  private void statuses(String domain, Params p, HttpServerResponse resp) {
    String ticket = p.required("ticket");
    String to = p.name("to");
    String show = p.required("show");
    Page page = node.page(domain, ticket);
    node.status(page, to, show, p.optional("nick"));
    Replies.ok(resp);
  }

  private void messages(String domain, Params p, HttpServerResponse resp) {
    String ticket = p.required("ticket");
    String type = p.optional("type", "unicast");
    if (!"unicast".equals(type) && !"multicast".equals(type) && !"broadcast".equals(type)) {
      throw RouterError.invalid("type", "one of unicast, multicast, broadcast");
    }
    String to = "broadcast".equals(type) ? p.optional("to") : p.name("to");
    String body = p.required("body");
    long timestamp = p.timestamp(System.currentTimeMillis());
    String id = p.optional("id");
    if (id != null && id.length() > 128) {
      throw RouterError.invalid("id", "longer than 128 characters");
    }
    boolean ack = p.flag("ack");
    Page page = node.page(domain, ticket);
    node.message(page, type, to, body, p.optional("nick"), p.optional("style"), timestamp, id)
        .onComplete(ar -> {
          if (ar.failed()) {
            Replies.error(resp, ar.cause() instanceof RouterError e ? e
                : RouterError.unavailable("delivery failed"), true);
          } else if (ack) {
            Replies.json(resp, 200, new JsonObject().put("status", "ok").put("delivered", ar.result()).toBuffer());
          } else {
            Replies.ok(resp);
          }
        });
  }

  private void onlines(String domain, Params p, HttpServerResponse resp) {
    List<String> names = p.names("names");
    if (p.optional("names") == null) {
      throw RouterError.missing("names");
    }
    checkOptionalTicket(domain, p);
    List<PresenceInfo> online = node.onlines(domain, names);
    if ("3".equals(p.optional("version"))) {
      Replies.json(resp, 200, presenceList(online).toBuffer());
    } else {
      StringBuilder text = new StringBuilder();
      for (PresenceInfo info : online) {
        text.append(text.length() == 0 ? "" : ",").append(info.name());
      }
      Replies.text(resp, 200, Buffer.buffer(text.toString()));
    }
  }

  private void members(String domain, Params p, HttpServerResponse resp) {
    String room = p.name("room");
    checkOptionalTicket(domain, p);
    JsonArray list = new JsonArray();
    for (RouterNode.Member m : node.members(domain, room)) {
      list.add(new JsonObject().put("id", m.id()).put("nick", m.nick()));
    }
    Replies.json(resp, 200, new JsonObject().put(room, list).toBuffer());
  }

  private void join(String domain, Params p, HttpServerResponse resp) {
    String ticket = p.required("ticket");
    String room = p.name("room");
    Page page = node.page(domain, ticket);
    int count = node.join(page, room, p.optional("nick"));
    Replies.json(resp, 200, new JsonObject().put(room, count).toBuffer());
  }

  private void leave(String domain, Params p, HttpServerResponse resp) {
    String ticket = p.required("ticket");
    String room = p.name("room");
    Page page = node.page(domain, ticket);
    node.leave(page, room, p.optional("nick"));
    Replies.ok(resp);
  }

  // ---- helpers ----

  private void checkOptionalTicket(String domain, Params p) {
    String ticket = p.optional("ticket");
    if (ticket != null) {
      node.page(domain, ticket);
    }
  }

  private static JsonArray presenceList(List<PresenceInfo> infos) {
    JsonArray list = new JsonArray();
    for (PresenceInfo b : infos) {
      list.add(new JsonObject().put("name", b.name()).put("nick", b.nick()).put("show", b.show())
          .put("status", b.status()));
    }
    return list;
  }

  private static boolean hasBody(HttpServerRequest req) {
    return req.getHeader(HttpHeaders.CONTENT_LENGTH) != null && !"0".equals(req.getHeader(HttpHeaders.CONTENT_LENGTH))
        || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** 413, then close: the rest of the body is not worth reading. */
  private void tooLarge(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    if (resp.ended()) {
      return;
    }
    req.pause();
    resp.setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Replies.JSON)
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(Replies.errorBody(RouterError.tooLarge(maxBodyBytes)))
        .onComplete(ar -> req.connection().close());
  }
}
