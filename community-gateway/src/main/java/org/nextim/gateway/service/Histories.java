package org.nextim.gateway.service;

import io.vertx.core.Future;
import org.nextim.gateway.store.LogItem;
import org.nextim.gateway.store.Room;
import org.nextim.gateway.store.Store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user may read of past messages: a unicast history is both directions minus what the user
 * cleared; a room's history is for its members only. Several histories are read in one query.
 */
public final class Histories {

  /** Items in a history reply and in {@code /webim/online}'s histories. */
  public static final int LIMIT = 30;
  /** The most items one page of {@code /webim/history?before=} may ask for. */
  public static final int MAX_PAGE = 100;

  private final Store store;
  private final Rooms rooms;

  public Histories(Store store, Rooms rooms) {
    this.store = store;
    this.rooms = rooms;
  }

  /** The last {@code limit} items (all when 0) with {@code peer}; 404/403 for a room that is not the user's. */
  public Future<List<LogItem>> of(String userId, String peer, String type, int limit) {
    return page(userId, peer, type, limit, null);
  }

  /** The {@code limit} items before the message {@code beforeId} (null: the newest), oldest first. */
  public Future<List<LogItem>> page(String userId, String peer, String type, int limit, String beforeId) {
    if (LogItem.MULTICAST.equals(type)) {
      return rooms.memberRoom(peer, userId).compose(r -> store.history(userId, peer, type, limit, beforeId));
    }
    return store.history(userId, peer, type, limit, beforeId);
  }

  /** The last {@link #LIMIT} items with each of {@code ids}; rooms the user is not a member of are left out. */
  public Future<Map<String, List<LogItem>>> of(String userId, List<String> ids, String type) {
    if (!LogItem.MULTICAST.equals(type)) {
      return store.histories(userId, ids, type, LIMIT);
    }
    return store.rooms(ids).compose(found -> {
      List<String> mine = found.stream().filter(r -> r.hasMember(userId)).map(Room::id).toList();
      return store.histories(userId, mine, type, LIMIT).map(byRoom -> {
        Map<String, List<LogItem>> out = new LinkedHashMap<>();
        ids.stream().filter(byRoom::containsKey).forEach(id -> out.put(id, byRoom.get(id)));
        return out;
      });
    });
  }

  /** Hides the current history with {@code peer} from {@code userId} only. */
  public Future<Void> clear(String userId, String peer) {
    return store.clearHistory(userId, peer);
  }

  /** The whole history for a download, with the peer's display name. */
  public record Download(String peerName, List<LogItem> items) {
  }

  public Future<Download> download(String userId, String peer, String type) {
    Future<String> name = LogItem.MULTICAST.equals(type)
        ? store.room(peer).map(r -> r == null ? peer : r.nick())
        : store.user(peer).map(u -> u == null ? peer : u.nick());
    return of(userId, peer, type, 0).compose(items -> name.map(n -> new Download(n, items)));
  }
}
