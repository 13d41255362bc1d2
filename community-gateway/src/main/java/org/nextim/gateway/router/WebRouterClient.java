package org.nextim.gateway.router;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.store.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RouterClient} over one Vert.x {@link WebClient} (form POSTs, query GETs). {@link #call} is the
 * one place where router failures become the gateway's errors.
 */
public final class WebRouterClient implements RouterClient {

  private static final Logger log = LoggerFactory.getLogger(WebRouterClient.class);

  private final WebClient client;
  private final String baseUrl;
  private final String domain;
  private final String apikey;
  private final long timeoutMs;

  public WebRouterClient(WebClient client, String baseUrl, String domain, String apikey, long timeoutMs) {
    this.client = client;
    this.baseUrl = baseUrl;
    this.domain = domain;
    this.apikey = apikey;
    this.timeoutMs = timeoutMs;
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
    return call(path, client.postAbs(baseUrl + path).timeout(timeoutMs).sendForm(form));
  }

  private Future<Buffer> get(String path, MultiMap query) {
    HttpRequest<Buffer> req = client.getAbs(baseUrl + path).timeout(timeoutMs);
    query.forEach(e -> req.addQueryParam(e.getKey(), e.getValue()));
    return call(path, req.send());
  }

  /** Maps every way a router call can fail to the gateway's error vocabulary. */
  private Future<Buffer> call(String path, Future<HttpResponse<Buffer>> sent) {
    return sent.recover(e -> {
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
      if (status == 403) {
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
      // 401 (our domain/apikey refused), 5xx, anything else: the router cannot serve us.
      log.warn("router {} answered {}: {}", path, status, text.length() > 200 ? text.substring(0, 200) : text);
      return Future.failedFuture(ApiError.badGateway("router answered " + status));
    });
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
  public Future<Void> status(String ticket, String to, String show, String nick) {
    MultiMap f = form().add("ticket", ticket).add("to", to).add("show", show);
    put(f, "nick", nick);
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
    MultiMap q = form().add("names", String.join(",", names)).add("version", "3");
    return get("/onlines", q).compose(b -> parse(b, body -> {
      List<Presence> out = new ArrayList<>();
      for (Object o : body.toJsonArray()) {
        JsonObject p = (JsonObject) o;
        out.add(new Presence(p.getString("name"), p.getString("nick"), p.getString("show", "available"),
            p.getString("status", "")));
      }
      return out;
    }));
  }

  @Override
  public Future<List<Member>> roomMembers(String room) {
    return get("/room/members", form().add("room", room)).compose(b -> parse(b, body -> {
      JsonArray list = body.toJsonObject().getJsonArray(room, new JsonArray());
      List<Member> out = new ArrayList<>();
      for (Object o : list) {
        JsonObject m = (JsonObject) o;
        out.add(new Member(m.getString("id"), m.getString("nick")));
      }
      return out;
    }));
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
