package org.nextim.gateway.http;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.identity.Caller;
import org.nextim.gateway.identity.Identity;
import org.nextim.gateway.router.OnlineReply;
import org.nextim.gateway.router.Presence;
import org.nextim.gateway.router.RouterClient;
import org.nextim.gateway.store.Buddy;
import org.nextim.gateway.store.LogItem;
import org.nextim.gateway.store.Room;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The browser's API, protocol section 3: {@code /webim/<action>} and {@code /webim/im.php?webim_action=<action>},
 * JSON or JSONP. Every call is authenticated; when a call must also carry the page's {@code ticket}
 * (issued to the caller) is {@link TicketRule}'s to say.
 */
public final class WebimApi {

  /** Items in a history reply and in {@code /webim/online}'s histories. */
  static final int HISTORY_LIMIT = 30;
  static final int NOTIFICATION_LIMIT = 50;
  static final int MAX_BODY_CHARS = 20_000;
  static final String[] SHOWS = {"available", "away", "chat", "dnd", "busy", "invisible"};
  static final String[] TYPES = {LogItem.UNICAST, LogItem.MULTICAST, LogItem.BROADCAST};

  /** What an action answers with: it writes itself to the response. */
  interface Reply extends Consumer<RoutingContext> {
  }

  private record Call(RoutingContext ctx, Params params, User me) {
    String ticket() {
      return params.required("ticket", 256);
    }
  }

  /** An action, and whether a request for it changes state (and so needs the caller's ticket). */
  private record Action(Predicate<RoutingContext> changesState, Function<Call, Future<Reply>> run) {
  }

  private static final Reply OK = Replies::ok;

  private final Store store;
  private final RouterClient router;
  private final Identity identity;
  private final String domain;
  private final String packetsUrl;
  private final Map<String, Action> actions = new HashMap<>();

  public WebimApi(Store store, RouterClient router, Identity identity, String domain, String routerPublicUrl) {
    this.store = store;
    this.router = router;
    this.identity = identity;
    this.domain = domain;
    this.packetsUrl = routerPublicUrl + "/packets";
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
    actions.put("history", new Action(reads, this::history));
    actions.put("clear_history", new Action(writes, this::clearHistory));
    actions.put("download_history", new Action(reads, this::downloadHistory));
    actions.put("notifications", new Action(reads, this::notifications));
    actions.put("notification", new Action(reads, this::notifications));
    actions.put("notifications/read", new Action(writes, this::readNotifications));
    actions.put("read_notifications", new Action(writes, this::readNotifications));
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
        .compose(caller -> userOf(caller).compose(me ->
            TicketRule.mustCheck(caller, action.changesState().test(ctx), jsonp, params.optional("ticket"))
                ? checkTicket(params, me) : Future.succeededFuture(me)))
        .compose(me -> action.run().apply(new Call(ctx, params, me)))
        .onSuccess(reply -> reply.accept(ctx))
        .onFailure(ctx::fail);
  }

  /** The caller as a stored user; a valid subject the gateway does not know yet is created from the claims. */
  private Future<User> userOf(Caller caller) {
    return store.ensureUser(new User(caller.id(), caller.nick(), caller.picUrl(), caller.url(), false));
  }

  private Future<User> checkTicket(Params params, User me) {
    String ticket = params.required("ticket", 256);
    return store.ticketOwner(ticket).compose(owner -> me.id().equals(owner)
        ? Future.succeededFuture(me)
        : Future.failedFuture(ApiError.forbidden("not_your_ticket", "this ticket was not issued to you")));
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

  private static <T> Future<List<T>> all(List<Future<T>> futures) {
    return Future.all(futures).map(CompositeFuture::list);
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static JsonArray items(List<LogItem> items) {
    JsonArray out = new JsonArray();
    items.forEach(i -> out.add(i.toJson()));
    return out;
  }

  /** buddyInfo; {@code presence} null means offline. */
  private static JsonObject buddyInfo(User u, String group, Presence presence) {
    JsonObject info = u.toInfo()
        .put("presence", presence == null ? "offline" : "online")
        .put("show", presence == null ? "unavailable" : presence.show())
        .put("status", presence == null || presence.status() == null ? "" : presence.status());
    if (group != null) {
      info.put("group", group);
    }
    return info;
  }

  private static JsonObject roomInfo(Room r, int count, boolean blocked, boolean withMembers) {
    JsonObject info = new JsonObject().put("id", r.id()).put("nick", r.nick())
        .put("all_count", r.members().size()).put("count", count).put("blocked", blocked);
    if (r.url() != null) {
      info.put("url", r.url());
    }
    if (r.picUrl() != null) {
      info.put("pic_url", r.picUrl());
    }
    if (withMembers) {
      JsonArray members = new JsonArray();
      r.members().forEach(m -> members.add(m.toJson()));
      info.put("members", members);
    }
    return info;
  }

  private Future<JsonObject> settingsOf(String userId) {
    return store.settings(userId).map(Settings::withDefaults);
  }

  private Future<Room> memberRoom(String roomId, User me) {
    return store.room(roomId).compose(room -> {
      if (room == null) {
        return Future.failedFuture(ApiError.notFound("unknown_room", "no such room: " + roomId));
      }
      if (!room.hasMember(me.id())) {
        return Future.failedFuture(ApiError.forbidden("not_a_member", "not a member of room " + roomId));
      }
      return Future.succeededFuture(room);
    });
  }

  /** Presences of the online ones among {@code ids}, by name. */
  private Future<Map<String, Presence>> presences(List<String> ids) {
    return router.onlines(ids).map(list -> {
      Map<String, Presence> out = new HashMap<>();
      list.forEach(p -> out.put(p.name(), p));
      return out;
    });
  }

  // ---- online, offline, refresh ----

  private Future<Reply> online(Call c) {
    Params p = c.params();
    User me = c.me();
    String show = p.oneOf("show", "available", SHOWS);
    String status = p.optional("status", 1024);
    List<String> buddyIds = p.ids("buddy_ids");
    List<String> roomIds = p.ids("room_ids");
    List<String> strangerIds = p.ids("stranger_ids");
    Future<List<Buddy>> buddiesF = store.buddies(me.id());
    Future<List<Room>> roomsF = store.roomsOf(me.id());
    Future<JsonObject> settingsF = settingsOf(me.id());
    Future<List<LogItem>> pendingF = store.pendingFor(me.id());
    return Future.all(buddiesF, roomsF, settingsF, pendingF).compose(x -> {
      Map<String, Buddy> buddies = new LinkedHashMap<>();
      buddiesF.result().forEach(b -> buddies.put(b.user().id(), b));
      List<Room> rooms = roomsF.result();
      JsonObject settings = settingsF.result();
      Set<String> blocked = new HashSet<>(Settings.blockedRooms(settings));
      List<String> joined = rooms.stream().map(Room::id).filter(id -> !blocked.contains(id)).toList();
      return router.online(me.id(), me.nick(), buddies.keySet(), joined, show, status)
          .compose(login -> store.saveTicket(login.ticket(), me.id()).map(login))
          .compose(login -> onlineReply(me, show, status, login, buddies, rooms, blocked, settings, pendingF.result(),
              buddyIds, roomIds, strangerIds));
    });
  }

  private Future<Reply> onlineReply(User me, String show, String status, OnlineReply login, Map<String, Buddy> buddies,
                                    List<Room> rooms, Set<String> blocked, JsonObject settings,
                                    List<LogItem> pending, List<String> buddyIds, List<String> roomIds,
                                    List<String> strangerIds) {
    // Who goes in "buddies": online buddies, the open tabs and shown contacts, senders of offline messages.
    Set<String> wanted = new LinkedHashSet<>(login.buddies().keySet());
    wanted.addAll(buddyIds);
    wanted.addAll(strangerIds);
    pending.forEach(m -> wanted.add(m.from()));
    wanted.remove(me.id());
    List<String> strangers = wanted.stream().filter(id -> !buddies.containsKey(id)).toList();
    Future<List<User>> strangerUsers = store.users(strangers);
    Future<Map<String, Presence>> strangerPresence = presences(strangers);
    List<Future<List<LogItem>>> histories = new ArrayList<>();
    buddyIds.forEach(id -> histories.add(store.history(me.id(), id, LogItem.UNICAST, HISTORY_LIMIT)));
    Set<String> myRooms = new HashSet<>();
    rooms.forEach(r -> myRooms.add(r.id()));
    List<String> historyRooms = roomIds.stream().filter(myRooms::contains).toList();
    List<Future<List<LogItem>>> roomHistories = new ArrayList<>();
    historyRooms.forEach(id -> roomHistories.add(store.history(me.id(), id, LogItem.MULTICAST, HISTORY_LIMIT)));
    Future<List<List<LogItem>>> historiesF = all(histories);
    Future<List<List<LogItem>>> roomHistoriesF = all(roomHistories);
    return Future.all(strangerUsers, strangerPresence, historiesF, roomHistoriesF)
        .compose(x -> store.markDelivered(pending.stream().map(LogItem::id).toList()))
        .map(x -> {
          Map<String, User> others = new HashMap<>();
          strangerUsers.result().forEach(u -> others.put(u.id(), u));
          JsonArray buddyList = new JsonArray();
          List<String> onlineIds = new ArrayList<>();
          for (String id : wanted) {
            Buddy b = buddies.get(id);
            if (b != null) {
              String bshow = login.buddies().get(id);
              Presence presence = bshow == null ? null : new Presence(id, b.user().nick(), bshow, "");
              buddyList.add(buddyInfo(b.user(), b.group(), presence));
              if (presence != null) {
                onlineIds.add(id);
              }
            } else if (others.containsKey(id)) {
              buddyList.add(buddyInfo(others.get(id), "stranger", strangerPresence.result().get(id)));
            }
          }
          JsonObject historyMap = new JsonObject();
          for (int i = 0; i < buddyIds.size(); i++) {
            historyMap.put(buddyIds.get(i), items(historiesF.result().get(i)));
          }
          Map<String, List<LogItem>> roomHistory = new HashMap<>();
          for (int i = 0; i < historyRooms.size(); i++) {
            roomHistory.put(historyRooms.get(i), roomHistoriesF.result().get(i));
          }
          JsonArray roomList = new JsonArray();
          for (Room r : rooms) {
            boolean isBlocked = blocked.contains(r.id());
            JsonObject info = roomInfo(r, isBlocked ? 0 : login.roomCounts().getOrDefault(r.id(), 0), isBlocked, false);
            if (roomHistory.containsKey(r.id())) {
              info.put("history", items(roomHistory.get(r.id())));
            }
            roomList.add(info);
          }
          JsonObject user = me.toInfo().put("show", show).put("status", status == null ? "" : status);
          JsonObject reply = new JsonObject()
              .put("success", true)
              .put("server_time", now())
              .put("connection", new JsonObject().put("ticket", login.ticket()).put("domain", domain)
                  .put("server", packetsUrl))
              .put("user", user)
              .put("setting", settings)
              .put("buddy_online_ids", String.join(",", onlineIds))
              .put("buddies", buddyList)
              .put("rooms", roomList)
              .put("histories", historyMap)
              .put("new_messages", items(pending));
          return json(reply);
        });
  }

  /** A dead ticket at the router is already what offline/refresh want. */
  private static Future<Void> ignoreDeadTicket(Future<Void> f) {
    return f.recover(e -> e instanceof ApiError a && "invalid_ticket".equals(a.code())
        ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private Future<Reply> offline(Call c) {
    return ignoreDeadTicket(router.offline(c.ticket(), true))
        .compose(v -> store.dropTickets(c.me().id()))
        .map(OK);
  }

  private Future<Reply> refresh(Call c) {
    String ticket = c.ticket();
    return ignoreDeadTicket(router.offline(ticket, false))
        .compose(v -> store.dropTicket(ticket))
        .map(OK);
  }

  // ---- messages, statuses, presence ----

  private Future<Reply> message(Call c) {
    Params p = c.params();
    User me = c.me();
    String ticket = c.ticket();
    String type = p.oneOf("type", LogItem.UNICAST, TYPES);
    String body = p.required("body", MAX_BODY_CHARS);
    String style = p.optional("style", 1024);
    boolean flaggedOffline = p.flag("offline");
    Future<String> target;
    switch (type) {
      case LogItem.UNICAST -> {
        String to = p.id("to");
        target = store.user(to).compose(u -> u == null
            ? Future.failedFuture(ApiError.notFound("unknown_user", "no such user: " + to))
            : Future.succeededFuture(to));
      }
      case LogItem.MULTICAST -> {
        String to = p.id("to");
        target = memberRoom(to, me).map(to);
      }
      default -> target = me.admin()
          ? Future.succeededFuture("")
          : Future.failedFuture(ApiError.forbidden("not_admin", "only site admins may broadcast"));
    }
    boolean unicast = LogItem.UNICAST.equals(type);
    return target.compose(to -> {
      LogItem item = new LogItem(UUID.randomUUID().toString(), type, me.id(), me.nick(), to, body,
          style == null ? "" : style, now());
      // Stored first (as pending for a unicast): whatever happens at the router, nothing is lost. The
      // router client has already retried a busy router with the same id (idempotent there). A router
      // failure after that leaves the message stored (a unicast one pending: it is in the recipient's
      // next new_messages) and says so with "kept" and its id, so that the client shows it as saved
      // and does not send it again (which would store it twice).
      return store.saveMessage(item, unicast)
          .compose(v -> router.message(ticket, type, to.isEmpty() ? null : to, body, me.nick(), item.style(),
                  item.timestamp(), item.id())
              .recover(e -> Future.failedFuture(e instanceof ApiError a ? kept(a, item) : e)))
          .compose(delivered -> unicast && delivered > 0 && !flaggedOffline
              ? store.markDelivered(List.of(item.id()))
              : Future.succeededFuture())
          .map(OK);
    });
  }

  /** A router failure of a message that is stored: the error says so, with the message's id. */
  private static ApiError kept(ApiError e, LogItem item) {
    return e.with("kept", true).with("id", item.id());
  }

  private Future<Reply> status(Call c) {
    Params p = c.params();
    String to = p.id("to");
    String show = p.oneOf("show", null, "typing", "clear");
    if (show == null) {
      throw ApiError.missing("show");
    }
    return router.status(c.ticket(), to, show, c.me().nick()).map(OK);
  }

  private Future<Reply> presence(Call c) {
    Params p = c.params();
    String show = p.oneOf("show", null, SHOWS);
    if (show == null) {
      throw ApiError.missing("show");
    }
    return router.show(c.ticket(), show, c.me().nick(), p.optional("status", 1024)).map(OK);
  }

  // ---- settings ----

  private Future<Reply> setting(Call c) {
    if (!writesSettings(c.ctx())) {
      return settingsOf(c.me().id()).map(WebimApi::json);
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
      return store.updateSettings(c.me().id(), old -> doc).map(OK);
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
    return store.updateSettings(c.me().id(), old -> (old == null ? new JsonObject() : old).mergeIn(patch)).map(OK);
  }

  // ---- buddies, rooms ----

  private Future<Reply> buddies(Call c) {
    List<String> ids = c.params().ids("ids");
    User me = c.me();
    return store.buddies(me.id()).compose(list -> {
      Map<String, Buddy> mine = new LinkedHashMap<>();
      list.forEach(b -> mine.put(b.user().id(), b));
      List<String> wanted = ids.isEmpty() ? new ArrayList<>(mine.keySet()) : ids;
      List<String> unknown = wanted.stream().filter(id -> !mine.containsKey(id)).toList();
      Future<List<User>> others = store.users(unknown);
      Future<Map<String, Presence>> presence = presences(wanted);
      return Future.all(others, presence).map(x -> {
        Map<String, User> users = new HashMap<>();
        others.result().forEach(u -> users.put(u.id(), u));
        JsonArray out = new JsonArray();
        for (String id : wanted) {
          Buddy b = mine.get(id);
          if (b != null) {
            out.add(buddyInfo(b.user(), b.group(), presence.result().get(id)));
          } else if (users.containsKey(id)) {
            out.add(buddyInfo(users.get(id), "stranger", presence.result().get(id)));
          }
        }
        return json(out);
      });
    });
  }

  private Future<Reply> rooms(Call c) {
    List<String> ids = c.params().ids("ids");
    User me = c.me();
    Future<List<Room>> roomsF = ids.isEmpty()
        ? store.roomsOf(me.id())
        : all(ids.stream().map(store::room).toList()).map(list -> list.stream().filter(r -> r != null).toList());
    Future<JsonObject> settingsF = settingsOf(me.id());
    return Future.all(roomsF, settingsF).compose(x -> {
      List<Room> rooms = roomsF.result();
      Set<String> blocked = new HashSet<>(Settings.blockedRooms(settingsF.result()));
      return all(rooms.stream().map(r -> router.roomMembers(r.id())).toList()).map(online -> {
        JsonArray out = new JsonArray();
        for (int i = 0; i < rooms.size(); i++) {
          Room r = rooms.get(i);
          out.add(roomInfo(r, online.get(i).size(), blocked.contains(r.id()), r.hasMember(me.id())));
        }
        return json(out);
      });
    });
  }

  private Future<Reply> join(Call c) {
    String id = c.params().id("id");
    User me = c.me();
    String ticket = c.ticket();
    return memberRoom(id, me).compose(room -> router.join(ticket, id, me.nick())
        .compose(count -> store.updateSettings(me.id(), doc -> Settings.withBlocked(doc, id, false))
            .map(s -> json(roomInfo(room, count, false, true)))));
  }

  private Future<Reply> leave(Call c) {
    String id = c.params().id("id");
    User me = c.me();
    String ticket = c.ticket();
    return store.room(id).compose(room -> {
      if (room == null) {
        return Future.failedFuture(ApiError.notFound("unknown_room", "no such room: " + id));
      }
      // Leaving a room the site made us a member of blocks it: the next page load does not rejoin it.
      return router.leave(ticket, id, me.nick())
          .compose(v -> room.hasMember(me.id())
              ? store.updateSettings(me.id(), doc -> Settings.withBlocked(doc, id, true)).mapEmpty()
              : Future.succeededFuture())
          .map(OK);
    });
  }

  private Future<Reply> members(Call c) {
    List<String> ids = c.params().ids("ids");
    if (ids.isEmpty()) {
      throw ApiError.missing("ids");
    }
    User me = c.me();
    return all(ids.stream().map(id -> memberRoom(id, me).compose(r -> router.roomMembers(id))).toList())
        .map(lists -> {
          JsonObject out = new JsonObject();
          for (int i = 0; i < ids.size(); i++) {
            JsonArray members = new JsonArray();
            lists.get(i).forEach(m -> members.add(m.toJson()));
            out.put(ids.get(i), members);
          }
          return json(out);
        });
  }

  // ---- history ----

  private static String historyType(Params p) {
    return p.oneOf("type", LogItem.UNICAST, LogItem.UNICAST, LogItem.MULTICAST);
  }

  /** The history the caller may see of {@code peer}: 403 for a room they are not a member of. */
  private Future<List<LogItem>> visibleHistory(User me, String peer, String type, int limit) {
    if (LogItem.MULTICAST.equals(type)) {
      return memberRoom(peer, me).compose(r -> store.history(me.id(), peer, type, limit));
    }
    return store.history(me.id(), peer, type, limit);
  }

  private Future<Reply> histories(Call c) {
    Params p = c.params();
    List<String> ids = p.ids("ids");
    if (ids.isEmpty()) {
      throw ApiError.missing("ids");
    }
    String type = historyType(p);
    User me = c.me();
    // Rooms the caller is not in are left out rather than failing the whole list.
    List<Future<List<LogItem>>> lists = ids.stream()
        .map(id -> visibleHistory(me, id, type, HISTORY_LIMIT).otherwise(e -> null)).toList();
    return all(lists).map(results -> {
      JsonObject out = new JsonObject();
      for (int i = 0; i < ids.size(); i++) {
        if (results.get(i) != null) {
          out.put(ids.get(i), items(results.get(i)));
        }
      }
      return json(out);
    });
  }

  private Future<Reply> history(Call c) {
    Params p = c.params();
    String id = p.id("id");
    return visibleHistory(c.me(), id, historyType(p), HISTORY_LIMIT).map(list -> json(items(list)));
  }

  private Future<Reply> clearHistory(Call c) {
    String id = c.params().id("id");
    return store.clearHistory(c.me().id(), id).map(OK);
  }

  private Future<Reply> downloadHistory(Call c) {
    Params p = c.params();
    String id = p.id("id");
    String type = historyType(p);
    User me = c.me();
    Future<String> peerName = LogItem.MULTICAST.equals(type)
        ? store.room(id).map(r -> r == null ? id : r.nick())
        : store.user(id).map(u -> u == null ? id : u.nick());
    return visibleHistory(me, id, type, 0).compose(list -> peerName.map(name -> (Reply) ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"history-" + id + ".html\"")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .end(HistoryPage.render(me.id(), id, name, type, list))));
  }

  // ---- notifications ----

  private Future<Reply> notifications(Call c) {
    return store.notifications(c.me().id(), NOTIFICATION_LIMIT).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(n -> out.add(n.toJson()));
      return json(out);
    });
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
    return store.markRead(c.me().id(), ids).map(OK);
  }
}
