package org.nextim.gateway.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.gateway.ApiError;
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

/**
 * A browser page's life: {@code online} logs the page in at the router and answers everything the
 * widget needs to draw itself (section 3.4); {@code refresh} ends this page, {@code offline} all of the
 * user's pages.
 *
 * <p>A login costs a fixed number of queries whatever the size of the buddy list or the number of
 * rooms: the user's buddies, rooms (with members), settings and first page of offline messages are read
 * at once, then the strangers, all buddy histories and all room histories each in one query. At most
 * {@code maxNewMessages} offline messages come with one login (oldest first); the rest come with the
 * next one and are in the histories meanwhile.
 */
public final class Pages {

  /** What the page asks for: its show, and which conversations it has open or shows. */
  public record OnlineRequest(String show, String status, List<String> buddyIds, List<String> roomIds,
                              List<String> strangerIds) {
  }

  private final Store store;
  private final RouterClient router;
  private final Tickets tickets;
  private final Preferences preferences;
  private final Buddies buddies;
  private final String domain;
  private final String packetsUrl;
  private final int maxNewMessages;
  private final OfflineMessageEvents offline;

  public Pages(Store store, RouterClient router, Tickets tickets, Preferences preferences, Buddies buddies,
               String domain, String routerPublicUrl, int maxNewMessages, OfflineMessageEvents offline) {
    this.store = store;
    this.router = router;
    this.tickets = tickets;
    this.preferences = preferences;
    this.buddies = buddies;
    this.domain = domain;
    this.packetsUrl = routerPublicUrl + "/packets";
    this.maxNewMessages = maxNewMessages;
    this.offline = offline;
  }

  /** Everything a login reads before it goes to the router. */
  private record Known(Map<String, Buddy> buddies, List<Room> rooms, JsonObject settings, Set<String> blocked,
                       List<LogItem> pending) {
  }

  public Future<JsonObject> online(User me, OnlineRequest r) {
    Future<List<Buddy>> buddiesF = store.buddies(me.id());
    Future<List<Room>> roomsF = store.roomsOf(me.id());
    Future<JsonObject> settingsF = preferences.read(me.id());
    Future<List<LogItem>> pendingF = store.pendingFor(me.id(), maxNewMessages);
    return Future.all(buddiesF, roomsF, settingsF, pendingF).compose(x -> {
      Map<String, Buddy> byId = new LinkedHashMap<>();
      buddiesF.result().forEach(b -> byId.put(b.user().id(), b));
      Known known = new Known(byId, roomsF.result(), settingsF.result(),
          new HashSet<>(Settings.blockedRooms(settingsF.result())), pendingF.result());
      List<String> joined = known.rooms().stream().map(Room::id).filter(id -> !known.blocked().contains(id)).toList();
      return router.online(me.id(), me.nick(), byId.keySet(), joined, r.show(), r.status())
          .compose(login -> tickets.issued(login.ticket(), me.id()).map(login))
          .compose(login -> reply(me, r, known, login));
    });
  }

  private Future<JsonObject> reply(User me, OnlineRequest r, Known known, OnlineReply login) {
    // Who goes in "buddies": online buddies, the open tabs and shown contacts, senders of offline messages.
    Set<String> wanted = new LinkedHashSet<>(login.buddies().keySet());
    wanted.addAll(r.buddyIds());
    wanted.addAll(r.strangerIds());
    known.pending().forEach(m -> wanted.add(m.from()));
    wanted.remove(me.id());
    List<String> strangers = wanted.stream().filter(id -> !known.buddies().containsKey(id)).toList();
    Set<String> myRooms = new HashSet<>();
    known.rooms().forEach(room -> myRooms.add(room.id()));
    List<String> historyRooms = r.roomIds().stream().filter(myRooms::contains).toList();

    Future<List<User>> strangerUsers = store.users(strangers);
    Future<Map<String, Presence>> strangerPresence = buddies.presences(strangers);
    Future<Map<String, List<LogItem>>> histories = store.histories(me.id(), r.buddyIds(), LogItem.UNICAST, Histories.LIMIT);
    Future<Map<String, List<LogItem>>> roomHistories =
        store.histories(me.id(), historyRooms, LogItem.MULTICAST, Histories.LIMIT);
    Future<Map<String, Store.Receipts>> receipts = store.receipts(me.id(), r.buddyIds());
    return Future.all(List.of(strangerUsers, strangerPresence, histories, roomHistories, receipts))
        .compose(x -> store.markDelivered(known.pending().stream().map(LogItem::id).toList()))
        .onSuccess(x -> {
          offline.delivered(known.pending().size());
          announceDelivered(me, login.ticket(), known.pending());
        })
        .map(x -> {
          Map<String, User> others = new HashMap<>();
          strangerUsers.result().forEach(u -> others.put(u.id(), u));
          Map<String, List<LogItem>> historyOf = histories.result();
          JsonArray buddyList = new JsonArray();
          List<String> onlineIds = new ArrayList<>();
          for (String id : wanted) {
            JsonObject info;
            Buddy b = known.buddies().get(id);
            if (b != null) {
              String show = login.buddies().get(id);
              Presence presence = show == null ? null : new Presence(id, b.user().nick(), show, "");
              info = Views.buddyInfo(b.user(), b.group(), presence);
              if (presence != null) {
                onlineIds.add(id);
              }
            } else if (others.containsKey(id)) {
              info = Views.buddyInfo(others.get(id), "stranger", strangerPresence.result().get(id));
            } else {
              continue;
            }
            // The original bundle reads a buddy's history from its buddyInfo (section 4).
            if (historyOf.containsKey(id)) {
              info.put("history", Views.items(historyOf.get(id)));
            }
            buddyList.add(info);
          }
          JsonObject historyMap = new JsonObject();
          r.buddyIds().forEach(id -> historyMap.put(id, Views.items(historyOf.get(id))));
          JsonArray roomList = new JsonArray();
          for (Room room : known.rooms()) {
            boolean blocked = known.blocked().contains(room.id());
            JsonObject info = Views.roomInfo(room, blocked ? 0 : login.roomCounts().getOrDefault(room.id(), 0), blocked,
                false);
            List<LogItem> h = roomHistories.result().get(room.id());
            if (h != null) {
              info.put("history", Views.items(h));
            }
            roomList.add(info);
          }
          JsonObject user = me.toInfo().put("show", r.show()).put("status", r.status() == null ? "" : r.status());
          return new JsonObject()
              .put("success", true)
              .put("server_time", System.currentTimeMillis())
              .put("connection", new JsonObject().put("ticket", login.ticket()).put("domain", domain)
                  .put("server", packetsUrl))
              .put("user", user)
              .put("setting", known.settings())
              .put("buddy_online_ids", String.join(",", onlineIds))
              .put("buddies", buddyList)
              .put("rooms", roomList)
              .put("histories", historyMap)
              .put("receipts", Views.receipts(receipts.result()))
              .put("new_messages", Views.items(known.pending()));
        });
  }

  /**
   * Offline messages this login just handed to the new page: each sender's pages hear a
   * {@code delivered} status (extension) naming the newest one, sent from that page, so that "⏳" turns
   * into "delivered" there. Best effort: a router that fails here costs the senders that live update,
   * not the receipt (their next login reads it in {@code receipts}).
   */
  private void announceDelivered(User me, String ticket, List<LogItem> delivered) {
    Map<String, String> newestBySender = new LinkedHashMap<>();
    delivered.forEach(m -> newestBySender.put(m.from(), m.id()));
    newestBySender.forEach((sender, id) -> router.status(ticket, sender, "delivered", me.nick(), id));
  }

  /** A dead ticket at the router is already what offline/refresh want. */
  private static Future<Void> ignoreDeadTicket(Future<Void> f) {
    return f.recover(e -> e instanceof ApiError a && "invalid_ticket".equals(a.code())
        ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** The user chose offline: all of its pages end, its buddies are told at once. */
  public Future<Void> offline(String userId, String ticket) {
    return ignoreDeadTicket(router.offline(ticket, true)).compose(v -> tickets.endedAll(userId));
  }

  /** This page is being left: only it ends (the router's grace covers a page switch). */
  public Future<Void> refresh(String ticket) {
    return ignoreDeadTicket(router.offline(ticket, false)).compose(v -> tickets.ended(ticket));
  }
}
