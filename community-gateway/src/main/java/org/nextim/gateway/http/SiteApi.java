package org.nextim.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.store.BuddyLink;
import org.nextim.gateway.store.Member;
import org.nextim.gateway.service.Users;
import org.nextim.gateway.store.Room;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The site's REST API ({@code /site/*}, header {@code X-Api-Key}): users, buddy lists, rooms and
 * notifications, pushed by the community site into the gateway's database.
 */
public final class SiteApi {

  private final Store store;
  private final Users users;
  private final byte[] apiKey;

  /** {@code users}: told of every user the site changes or deletes, so the browser API reads it again. */
  public SiteApi(Store store, Users users, String apiKey) {
    this.store = store;
    this.users = users;
    this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
  }

  public void mount(Router web) {
    web.route("/site/*").handler(this::authenticate);
    web.get("/site/stats").handler(handle(this::stats));
    web.put("/site/users/:id").handler(handle(this::putUser));
    web.delete("/site/users/:id").handler(handle(this::deleteUser));
    web.put("/site/users/:id/buddies").handler(handle(this::putBuddies));
    web.post("/site/users/:id/notifications").handler(handle(this::notify));
    web.put("/site/rooms/:id").handler(handle(this::putRoom));
    web.delete("/site/rooms/:id").handler(handle(this::deleteRoom));
  }

  private void authenticate(RoutingContext ctx) {
    String key = ctx.request().getHeader("X-Api-Key");
    if (key == null || !MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8))) {
      ctx.fail(ApiError.unauthorized("missing or wrong X-Api-Key"));
      return;
    }
    ctx.next();
  }

  /** A reply: status and JSON body (null body: no content). */
  private record Result(int status, Object body) {
  }

  private static Handler<RoutingContext> handle(Function<RoutingContext, Future<Result>> op) {
    return ctx -> {
      Future<Result> f;
      try {
        f = op.apply(ctx);
      } catch (ApiError e) {
        ctx.fail(e);
        return;
      }
      f.onSuccess(r -> {
        if (r.body() == null) {
          ctx.response().setStatusCode(r.status()).end();
        } else {
          Replies.json(ctx, r.status(), r.body());
        }
      }).onFailure(ctx::fail);
    };
  }

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Ids.valid(id)) {
      throw ApiError.invalid("id", "an id is 1 to 64 of A-Z a-z 0-9 _ . @ -");
    }
    return id;
  }

  private static Object body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw ApiError.missing("body");
    }
    try {
      return ctx.body().buffer().toJsonValue();
    } catch (DecodeException e) {
      throw ApiError.invalid("body", "not JSON");
    }
  }

  private static JsonObject object(RoutingContext ctx) {
    if (!(body(ctx) instanceof JsonObject o)) {
      throw ApiError.invalid("body", "expected a JSON object");
    }
    return o;
  }

  private static String text(JsonObject o, String key, int max) {
    Object v = o.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw ApiError.invalid(key, "expected a string");
    }
    if (s.length() > max) {
      throw ApiError.invalid(key, "longer than " + max + " characters");
    }
    return s.isEmpty() ? null : s;
  }

  private static List<String> idList(Object v, String key) {
    if (!(v instanceof JsonArray a)) {
      throw ApiError.invalid(key, "expected an array of ids");
    }
    List<String> out = new ArrayList<>();
    for (Object x : a) {
      if (!(x instanceof String s) || !Ids.valid(s)) {
        throw ApiError.invalid(key, "'" + x + "' is not an id");
      }
      out.add(s);
    }
    return out;
  }

  private Future<Result> putUser(RoutingContext ctx) {
    String id = id(ctx);
    JsonObject o = object(ctx);
    Object admin = o.getValue("admin", false);
    if (!(admin instanceof Boolean)) {
      throw ApiError.invalid("admin", "expected true or false");
    }
    User user = new User(id, text(o, "nick", 255), text(o, "pic_url", 2048), text(o, "url", 2048), (Boolean) admin);
    return store.putUser(user).onComplete(ar -> users.forget(user.id())).map(created -> new Result(created ? 201 : 200, user.toInfo().put("admin", user.admin())));
  }

  private Future<Result> deleteUser(RoutingContext ctx) {
    String id = id(ctx);
    return store.deleteUser(id).onComplete(ar -> users.forget(id)).compose(existed -> existed
        ? Future.succeededFuture(new Result(204, null))
        : Future.failedFuture(ApiError.notFound("unknown_user", "no such user: " + id)));
  }

  private Future<Result> putBuddies(RoutingContext ctx) {
    String id = id(ctx);
    if (!(body(ctx) instanceof JsonArray list)) {
      throw ApiError.invalid("body", "expected a JSON array of {\"id\", \"group\"}");
    }
    List<BuddyLink> links = new ArrayList<>();
    for (Object x : list) {
      String buddy;
      String group = "friend";
      if (x instanceof String s) {
        buddy = s;
      } else if (x instanceof JsonObject o) {
        buddy = o.getValue("id") instanceof String s ? s : null;
        String g = text(o, "group", 64);
        if (g != null) {
          group = g;
        }
      } else {
        throw ApiError.invalid("body", "expected {\"id\", \"group\"} items");
      }
      if (!Ids.valid(buddy)) {
        throw ApiError.invalid("id", "'" + buddy + "' is not an id");
      }
      links.add(new BuddyLink(buddy, group));
    }
    return store.user(id).compose(u -> {
      if (u == null) {
        return Future.failedFuture(ApiError.notFound("unknown_user", "no such user: " + id));
      }
      return store.setBuddies(id, links).map(v -> {
        JsonArray out = new JsonArray();
        links.forEach(l -> out.add(new JsonObject().put("id", l.id()).put("group", l.group())));
        return new Result(200, out);
      });
    });
  }

  private Future<Result> notify(RoutingContext ctx) {
    String id = id(ctx);
    JsonObject o = object(ctx);
    String text = text(o, "text", 4096);
    if (text == null) {
      throw ApiError.missing("text");
    }
    String link = text(o, "link", 2048);
    return store.user(id).compose(u -> u == null
        ? Future.failedFuture(ApiError.notFound("unknown_user", "no such user: " + id))
        : store.addNotification(id, text, link).map(n -> new Result(201, n.toJson())));
  }

  /** What the gateway's database has been asked so far: for monitoring, and queries per call in the benchmark. */
  private Future<Result> stats(RoutingContext ctx) {
    Store.Stats s = store.stats();
    return Future.succeededFuture(new Result(200, new JsonObject().put("db", new JsonObject()
        .put("transactions", s.transactions()).put("statements", s.statements()))));
  }

  private Future<Result> putRoom(RoutingContext ctx) {
    String id = id(ctx);
    JsonObject o = object(ctx);
    List<Member> members = null;
    if (o.getValue("members") != null) {
      members = idList(o.getValue("members"), "members").stream().map(m -> new Member(m, m)).toList();
    }
    Room room = new Room(id, text(o, "nick", 255), text(o, "url", 2048), text(o, "pic_url", 2048), members);
    return store.putRoom(room).compose(created -> store.room(id).map(r -> {
      JsonArray ms = new JsonArray();
      r.members().forEach(m -> ms.add(m.id()));
      JsonObject out = new JsonObject().put("id", r.id()).put("nick", r.nick()).put("members", ms);
      if (r.url() != null) {
        out.put("url", r.url());
      }
      out.put("pic_url", r.picUrl() == null ? "" : r.picUrl());
      return new Result(created ? 201 : 200, out);
    }));
  }

  private Future<Result> deleteRoom(RoutingContext ctx) {
    String id = id(ctx);
    return store.deleteRoom(id).compose(existed -> existed
        ? Future.succeededFuture(new Result(204, null))
        : Future.failedFuture(ApiError.notFound("unknown_room", "no such room: " + id)));
  }
}
