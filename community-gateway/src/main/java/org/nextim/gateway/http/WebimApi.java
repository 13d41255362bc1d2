package org.nextim.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.identity.Caller;
import org.nextim.gateway.identity.Identity;
import org.nextim.gateway.service.Histories;
import org.nextim.gateway.service.Messaging;
import org.nextim.gateway.service.Pages;
import org.nextim.gateway.service.Services;
import org.nextim.gateway.service.Settings;
import org.nextim.gateway.service.Views;
import org.nextim.gateway.store.LogItem;
import org.nextim.gateway.store.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The browser's API, protocol section 3: {@code /webim/<action>} and {@code /webim/im.php?webim_action=<action>},
 * JSON or JSONP. Every call is authenticated; when a call must also carry the page's {@code ticket}
 * (issued to the caller) is {@link TicketRule}'s to say. This class only maps HTTP to the rules in
 * {@link Services}: it reads and checks parameters, calls one service, and writes what it answers.
 */
public final class WebimApi {

  static final int MAX_BODY_CHARS = 20_000;
  static final String[] SHOWS = {"available", "away", "chat", "dnd", "busy", "invisible"};
  static final String[] TYPES = {LogItem.UNICAST, LogItem.MULTICAST, LogItem.BROADCAST};

  /** What an action answers with: it writes itself to the response. */
  interface Reply extends Consumer<RoutingContext> {
  }

  /** One request: its parameters and caller; {@link #me()} reads the stored user only when an action needs it. */
  private record Call(RoutingContext ctx, Params params, Caller caller, Services services) {
    String ticket() {
      return params.required("ticket", 256);
    }

    String myId() {
      return caller.id();
    }

    Future<User> me() {
      return services.users().of(caller);
    }
  }

  /** An action, and whether a request for it changes state (and so needs the caller's ticket). */
  private record Action(Predicate<RoutingContext> changesState, Function<Call, Future<Reply>> run) {
  }

  private static final Reply OK = Replies::ok;

  private final Services services;
  private final Identity identity;
  private final Map<String, Action> actions = new HashMap<>();

  public WebimApi(Services services, Identity identity) {
    this.services = services;
    this.identity = identity;
    Predicate<RoutingContext> reads = ctx -> false;
    Predicate<RoutingContext> writes = ctx -> true;
    actions.put("online", new Action(reads, this::online));
    actions.put("offline", new Action(writes, this::offline));
    actions.put("refresh", new Action(writes, this::refresh));
    actions.put("message", new Action(writes, this::message));
    actions.put("status", new Action(writes, this::status));
    actions.put("presence", new Action(writes, this::presence));
    actions.put("setting", new Action(WebimApi::writesSettings, this::setting));
    actions.put("buddies", new Action(reads, this::buddies));
    actions.put("rooms", new Action(reads, this::rooms));
    actions.put("join", new Action(writes, this::join));
    actions.put("leave", new Action(writes, this::leave));
    actions.put("members", new Action(reads, this::members));
    actions.put("histories", new Action(reads, this::histories));
    actions.put("receipts", new Action(reads, this::receipts));
    actions.put("history", new Action(reads, this::history));
    actions.put("clear_history", new Action(writes, this::clearHistory));
    actions.put("download_history", new Action(reads, this::downloadHistory));
    actions.put("notifications", new Action(reads, this::notifications));
    actions.put("notification", new Action(reads, this::notifications));
    actions.put("notifications/read", new Action(writes, this::readNotifications));
    actions.put("read_notifications", new Action(writes, this::readNotifications));
  }

  /** The actions served at {@code /webim/<action>}. */
  public Set<String> actions() {
    return Set.copyOf(actions.keySet());
  }

  public void mount(Router web) {
    web.route("/webim/im.php").handler(ctx -> {
      String action = ctx.request().getParam("webim_action");
      if (action == null || action.isEmpty()) {
        ctx.fail(ApiError.missing("webim_action"));
      } else {
        dispatch(ctx, action);
      }
    });
    web.route("/webim/*").handler(ctx -> dispatch(ctx, ctx.normalizedPath().substring("/webim/".length())));
  }

  private void dispatch(RoutingContext ctx, String name) {
    Action action = actions.get(name);
    if (action == null) {
      ctx.fail(ApiError.notFound("not_found", "unknown action: " + (name.length() > 64 ? name.substring(0, 64) : name)));
      return;
    }
    if ("online".equals(name)) {
      ctx.put(Replies.ONLINE_ERRORS, true);
    }
    Params params;
    try {
      Replies.callback(ctx);
      params = Params.of(ctx);
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    boolean jsonp = Replies.callback(ctx) != null;
    identity.authenticate(ctx)
        .compose(caller -> TicketRule.mustCheck(caller, action.changesState().test(ctx), jsonp, params.optional("ticket"))
            ? checkTicket(params, caller) : Future.succeededFuture(caller))
        .compose(caller -> action.run().apply(new Call(ctx, params, caller, services)))
        .onSuccess(reply -> reply.accept(ctx))
        .onFailure(ctx::fail);
  }

  private Future<Caller> checkTicket(Params params, Caller caller) {
    String ticket = params.required("ticket", 256);
    return services.tickets().check(ticket, caller.id()).map(caller);
  }

  private static boolean writesSettings(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.POST) {
      return true;
    }
    for (String name : ctx.request().params().names()) {
      if ("data".equals(name) || !Settings.RESERVED.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static Reply json(Object value) {
    return ctx -> Replies.json(ctx, 200, value);
  }

  private static String show(Params p) {
    String show = p.oneOf("show", null, SHOWS);
    if (show == null) {
      throw ApiError.missing("show");
    }
    return show;
  }

  // ---- online, offline, refresh ----

  private Future<Reply> online(Call c) {
    Params p = c.params();
    Pages.OnlineRequest request = new Pages.OnlineRequest(p.oneOf("show", "available", SHOWS),
        p.optional("status", 1024), p.ids("buddy_ids"), p.ids("room_ids"), p.ids("stranger_ids"));
    // A page load reads the user afresh: the site's changes to it show from here on.
    return services.users().signIn(c.caller()).compose(me -> services.pages().online(me, request)).map(WebimApi::json);
  }

  private Future<Reply> offline(Call c) {
    return services.pages().offline(c.myId(), c.ticket()).map(OK);
  }

  private Future<Reply> refresh(Call c) {
    return services.pages().refresh(c.ticket()).map(OK);
  }

  // ---- messages, statuses, presence ----

  private Future<Reply> message(Call c) {
    Params p = c.params();
    String ticket = c.ticket();
    String type = p.oneOf("type", LogItem.UNICAST, TYPES);
    String body = p.required("body", MAX_BODY_CHARS);
    String style = p.optional("style", 1024);
    String to = LogItem.BROADCAST.equals(type) ? null : p.id("to");
    String clientId = p.optional("client_id") == null ? null : p.id("client_id");
    Messaging.Outgoing m = new Messaging.Outgoing(type, to, body, style, p.flag("offline"), clientId);
    // Old clients (the deployed bundle) get "ok"; a widget that gives a client id learns the message's id.
    return c.me().compose(me -> services.messaging().send(me, ticket, m))
        .map(sent -> clientId == null ? OK : json(sentReply(sent)));
  }

  private static JsonObject sentReply(Messaging.Sent sent) {
    LogItem item = sent.item();
    return new JsonObject().put("status", "ok").put("id", item.id()).put("client_id", item.clientId())
        .put("timestamp", item.timestamp()).put("delivered", sent.delivered()).put("repeated", sent.repeated());
  }

  private Future<Reply> status(Call c) {
    Params p = c.params();
    String to = p.id("to");
    String show = p.oneOf("show", null, "typing", "clear", "read");
    if (show == null) {
      throw ApiError.missing("show");
    }
    String ticket = c.ticket();
    if ("read".equals(show)) {
      // A read receipt (extension): the newest message from `to` the caller has seen.
      String id = p.id("id");
      return c.me().compose(me -> services.messaging().read(me, ticket, to, id)).map(OK);
    }
    return c.me().compose(me -> services.messaging().typing(me, ticket, to, show)).map(OK);
  }

  private Future<Reply> presence(Call c) {
    Params p = c.params();
    String show = show(p);
    String status = p.optional("status", 1024);
    String ticket = c.ticket();
    return c.me().compose(me -> services.messaging().show(me, ticket, show, status)).map(OK);
  }

  // ---- settings ----

  private Future<Reply> setting(Call c) {
    if (!writesSettings(c.ctx())) {
      return services.preferences().read(c.myId()).map(WebimApi::json);
    }
    Params p = c.params();
    String data = p.optional("data");
    if (data != null) {
      JsonObject doc;
      try {
        Object parsed = Settings.value(data);
        if (!(parsed instanceof JsonObject)) {
          throw ApiError.invalid("data", "must be a JSON object");
        }
        doc = (JsonObject) parsed;
      } catch (ClassCastException e) {
        throw ApiError.invalid("data", "must be a JSON object");
      }
      return services.preferences().replace(c.myId(), doc).map(OK);
    }
    JsonObject patch = new JsonObject();
    for (String name : p.names()) {
      if (!Settings.RESERVED.contains(name)) {
        if (name.length() > 64) {
          throw ApiError.invalid(name.substring(0, 64), "setting names have at most 64 characters");
        }
        String raw = p.optional(name);
        patch.put(name, raw == null ? "" : Settings.value(raw));
      }
    }
    if (patch.isEmpty()) {
      throw ApiError.missing("data");
    }
    return services.preferences().merge(c.myId(), patch).map(OK);
  }

  // ---- buddies, rooms ----

  private Future<Reply> buddies(Call c) {
    return services.buddies().list(c.myId(), c.params().ids("ids")).map(WebimApi::json);
  }

  private Future<Reply> rooms(Call c) {
    return services.rooms().list(c.myId(), c.params().ids("ids")).map(WebimApi::json);
  }

  private Future<Reply> join(Call c) {
    String id = c.params().id("id");
    String ticket = c.ticket();
    return c.me().compose(me -> services.rooms().join(me, ticket, id)).map(WebimApi::json);
  }

  private Future<Reply> leave(Call c) {
    String id = c.params().id("id");
    String ticket = c.ticket();
    return c.me().compose(me -> services.rooms().leave(me, ticket, id)).map(OK);
  }

  private Future<Reply> members(Call c) {
    Params p = c.params();
    if (p.optional("ids") == null && p.optional("id") != null) {
      // The original bundle's form: one room by id, answered as a bare list.
      return services.rooms().membersOf(c.myId(), p.id("id")).map(WebimApi::json);
    }
    List<String> ids = p.ids("ids");
    if (ids.isEmpty()) {
      throw ApiError.missing("ids");
    }
    return services.rooms().members(c.myId(), ids).map(WebimApi::json);
  }

  // ---- history ----

  private static String historyType(Params p) {
    return p.oneOf("type", LogItem.UNICAST, LogItem.UNICAST, LogItem.MULTICAST);
  }

  private Future<Reply> histories(Call c) {
    Params p = c.params();
    List<String> ids = p.ids("ids");
    if (ids.isEmpty()) {
      throw ApiError.missing("ids");
    }
    return services.histories().of(c.myId(), ids, historyType(p)).map(byId -> {
      JsonObject out = new JsonObject();
      byId.forEach((id, items) -> out.put(id, Views.items(items)));
      return json(out);
    });
  }

  private Future<Reply> receipts(Call c) {
    List<String> ids = c.params().ids("ids");
    if (ids.isEmpty()) {
      throw ApiError.missing("ids");
    }
    return services.messaging().receipts(c.myId(), ids).map(WebimApi::json);
  }

  private Future<Reply> history(Call c) {
    Params p = c.params();
    String id = p.id("id");
    // Paging back (extension): `before` a message id, `limit` items (default 30, at most 100).
    String before = p.optional("before") == null ? null : p.id("before");
    int limit = Histories.LIMIT;
    String rawLimit = p.optional("limit", 8);
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit);
      } catch (NumberFormatException e) {
        limit = 0;
      }
      if (limit < 1 || limit > Histories.MAX_PAGE) {
        throw ApiError.invalid("limit", "a number from 1 to " + Histories.MAX_PAGE);
      }
    }
    return services.histories().page(c.myId(), id, historyType(p), limit, before).map(list -> json(Views.items(list)));
  }

  private Future<Reply> clearHistory(Call c) {
    String id = c.params().id("id");
    return services.histories().clear(c.myId(), id).map(OK);
  }

  private Future<Reply> downloadHistory(Call c) {
    Params p = c.params();
    String id = p.id("id");
    String type = historyType(p);
    String me = c.myId();
    return services.histories().download(me, id, type).map(d -> (Reply) ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"history-" + id + ".html\"")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .end(HistoryPage.render(me, id, d.peerName(), type, d.items())));
  }

  // ---- notifications ----

  private Future<Reply> notifications(Call c) {
    return services.notifications().latest(c.myId()).map(WebimApi::json);
  }

  private Future<Reply> readNotifications(Call c) {
    String raw = c.params().required("ids", 10_000);
    List<Long> ids = new ArrayList<>();
    for (String part : raw.split(",")) {
      String t = part.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        ids.add(Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw ApiError.invalid("ids", "notification ids are numbers");
      }
    }
    return services.notifications().markRead(c.myId(), ids).map(OK);
  }
}
