package org.nextim.gateway.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.gateway.ApiError;
import org.nextim.gateway.router.RouterClient;
import org.nextim.gateway.store.Member;
import org.nextim.gateway.store.Room;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.User;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rooms as the site defined them (the store) with their online members (the router): listing, joining,
 * leaving, members. Rules: only members see a room's members and may join; leaving a room the site made
 * the user a member of blocks it, joining unblocks it. The router answers one room per
 * {@code /room/members} call, so online counts cost one router call per room (concurrent); the store
 * reads all rooms of a call at once.
 */
public final class Rooms {

  private final Store store;
  private final RouterClient router;
  private final Preferences preferences;

  public Rooms(Store store, RouterClient router, Preferences preferences) {
    this.store = store;
    this.router = router;
    this.preferences = preferences;
  }

  static ApiError unknown(String roomId) {
    return ApiError.notFound("unknown_room", "no such room: " + roomId);
  }

  static ApiError notAMember(String roomId) {
    return ApiError.forbidden("not_a_member", "not a member of room " + roomId);
  }

  /** The room, if {@code userId} is a member: 404 unknown, 403 not a member. */
  public Future<Room> memberRoom(String roomId, String userId) {
    return store.room(roomId).compose(room -> room == null ? Future.failedFuture(unknown(roomId))
        : room.hasMember(userId) ? Future.succeededFuture(room) : Future.failedFuture(notAMember(roomId)));
  }

  /** All of {@code ids} as rooms the user is a member of, in that order; the first that is not fails the whole. */
  private Future<List<Room>> memberRooms(List<String> ids, String userId) {
    return store.rooms(ids).compose(found -> {
      Map<String, Room> byId = new HashMap<>();
      found.forEach(r -> byId.put(r.id(), r));
      for (String id : ids) {
        Room r = byId.get(id);
        if (r == null) {
          return Future.failedFuture(unknown(id));
        }
        if (!r.hasMember(userId)) {
          return Future.failedFuture(notAMember(id));
        }
      }
      return Future.succeededFuture(ids.stream().map(byId::get).toList());
    });
  }

  private Future<List<List<Member>>> onlineMembers(List<Room> rooms) {
    if (rooms.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return router.roomMembers(rooms.stream().map(Room::id).toList())
        .map(byRoom -> rooms.stream().map(r -> byRoom.getOrDefault(r.id(), List.of())).toList());
  }

  /** The user's rooms ({@code ids} empty), or any known rooms among {@code ids}, as roomInfo. */
  public Future<JsonArray> list(String userId, List<String> ids) {
    Future<List<Room>> roomsF = ids.isEmpty() ? store.roomsOf(userId) : store.rooms(ids);
    Future<JsonObject> settingsF = preferences.read(userId);
    return Future.all(roomsF, settingsF).compose(x -> {
      List<Room> rooms = roomsF.result();
      Set<String> blocked = new HashSet<>(Settings.blockedRooms(settingsF.result()));
      return onlineMembers(rooms).map(online -> {
        JsonArray out = new JsonArray();
        for (int i = 0; i < rooms.size(); i++) {
          Room r = rooms.get(i);
          out.add(Views.roomInfo(r, online.get(i).size(), blocked.contains(r.id()), r.hasMember(userId)));
        }
        return out;
      });
    });
  }

  public Future<JsonObject> join(User me, String ticket, String roomId) {
    return memberRoom(roomId, me.id()).compose(room -> router.join(ticket, roomId, me.nick())
        .compose(count -> preferences.block(me.id(), roomId, false).map(v -> Views.roomInfo(room, count, false, true))));
  }

  public Future<Void> leave(User me, String ticket, String roomId) {
    return store.room(roomId).compose(room -> {
      if (room == null) {
        return Future.failedFuture(unknown(roomId));
      }
      // Leaving a room the site made us a member of blocks it: the next page load does not rejoin it.
      return router.leave(ticket, roomId, me.nick())
          .compose(v -> room.hasMember(me.id()) ? preferences.block(me.id(), roomId, true) : Future.succeededFuture());
    });
  }

  /** Online members of each of {@code ids}: {@code {"r1": [{id, nick}]}}. */
  public Future<JsonObject> members(String userId, List<String> ids) {
    return memberRooms(ids, userId).compose(this::onlineMembers).map(lists -> {
      JsonObject out = new JsonObject();
      for (int i = 0; i < ids.size(); i++) {
        out.put(ids.get(i), Views.members(lists.get(i)));
      }
      return out;
    });
  }

  /** Online members of one room, as the original bundle asks: a bare list. */
  public Future<JsonArray> membersOf(String userId, String roomId) {
    return memberRoom(roomId, userId).compose(r -> router.roomMembers(List.of(roomId)))
        .map(byRoom -> Views.members(byRoom.getOrDefault(roomId, List.of())));
  }
}
