package org.nextim.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The gateway's storage seam. Every method runs off the event loop and completes its future on the
 * caller's context. Absent things come back as {@code null} (single lookups) or are left out (lists).
 */
public interface Store {

  // ---- users, buddies ----

  Future<User> user(String id);

  /** The known users among {@code ids}, in no particular order. */
  Future<List<User>> users(Collection<String> ids);

  /** Creates the user if absent (from a token's claims) and returns the stored one. */
  Future<User> ensureUser(User candidate);

  /** Creates or updates; true when created. */
  Future<Boolean> putUser(User user);

  /** Deletes the user, its buddy links (both ways), memberships, settings, notifications and tickets; history stays. */
  Future<Boolean> deleteUser(String id);

  /** Replaces the user's buddy list. */
  Future<Void> setBuddies(String userId, List<BuddyLink> buddies);

  /** The user's buddies that exist as users, ordered by id. */
  Future<List<Buddy>> buddies(String userId);

  // ---- rooms ----

  /** Creates or updates; members are replaced unless {@code room.members()} is null. True when created. */
  Future<Boolean> putRoom(Room room);

  Future<Boolean> deleteRoom(String id);

  /** The room with its members, or null. */
  Future<Room> room(String id);

  /** The known rooms among {@code ids}, with their members, ordered by id. */
  Future<List<Room>> rooms(Collection<String> ids);

  /** The rooms the user is a member of, with their members, ordered by id. */
  Future<List<Room>> roomsOf(String userId);

  // ---- messages ----

  /** Stores a message; {@code pending} marks it an offline message until {@link #markDelivered}. */
  Future<Void> saveMessage(LogItem item, boolean pending);

  /** A stored message, and whether it is still an offline message (not known to have reached a page). */
  record Stored(LogItem item, boolean pending) {
  }

  /**
   * Stores a message that carries a client id unless its sender already sent one with that client id:
   * then nothing is stored and the earlier message comes back (its {@code item} differs from the one
   * given). Concurrent repeats store one message.
   */
  Future<Stored> saveMessageOnce(LogItem item, boolean pending);

  Future<Void> markDelivered(Collection<String> ids);

  /** The user's oldest {@code limit} pending (offline) messages, oldest first. */
  Future<List<LogItem>> pendingFor(String userId, int limit);

  /**
   * History seen by {@code userId}: unicast with {@code peer} (both directions, minus what the user
   * cleared) or multicast in room {@code peer}; the last {@code limit} items (all when 0), oldest first.
   */
  default Future<List<LogItem>> history(String userId, String peer, String type, int limit) {
    return history(userId, peer, type, limit, null);
  }

  /**
   * {@link #history(String, String, String, int)} paging backwards: only items older than the message
   * {@code beforeId} (null: from the newest); none when there is no such message.
   */
  Future<List<LogItem>> history(String userId, String peer, String type, int limit, String beforeId);

  /**
   * {@link #history} of each of {@code peers} at once (one query): every peer is a key, with an empty
   * list when there is no history.
   */
  Future<Map<String, List<LogItem>>> histories(String userId, Collection<String> peers, String type, int limit);

  /** What {@link #saveReadMarker} did. */
  enum MarkerChange { MOVED, NOT_NEWER, NO_SUCH_MESSAGE }

  /**
   * Records that {@code reader} has seen the unicast message {@code messageId} from {@code peer} and every
   * earlier one. Nothing changes when there is no such message or it is not newer than the marker.
   */
  Future<MarkerChange> saveReadMarker(String reader, String peer, String messageId);

  /**
   * Where {@code sender}'s messages to {@code peer} stand: the newest that reached a page of the peer
   * ({@code delivered}) and the newest the peer has seen ({@code read}); either null when none.
   */
  record Receipts(String delivered, String read) {
  }

  /** {@link Receipts} for each of {@code peers} (every peer a key), in one transaction. */
  Future<Map<String, Receipts>> receipts(String sender, Collection<String> peers);

  /** Hides the current unicast history with {@code peer} from {@code userId} only. */
  Future<Void> clearHistory(String userId, String peer);

  // ---- settings ----

  /** The stored settings document, or null. */
  Future<JsonObject> settings(String userId);

  /** Reads, changes and writes the settings document in one transaction; returns what was written. */
  Future<JsonObject> updateSettings(String userId, UnaryOperator<JsonObject> change);

  // ---- notifications ----

  Future<Notification> addNotification(String userId, String text, String link);

  /** The user's latest notifications, newest first. */
  Future<List<Notification>> notifications(String userId, int limit);

  Future<Void> markRead(String userId, Collection<Long> ids);

  // ---- tickets ----

  Future<Void> saveTicket(String ticket, String userId);

  /** The user the ticket was issued to, or null. */
  Future<String> ticketOwner(String ticket);

  Future<Void> dropTicket(String ticket);

  Future<Void> dropTickets(String userId);

  /** Forgets tickets issued before {@code beforeMs}; returns how many. */
  Future<Integer> pruneTickets(long beforeMs);

  /** How much work the store has sent to its database since it started. */
  record Stats(long transactions, long statements) {
    public Stats minus(Stats earlier) {
      return new Stats(transactions - earlier.transactions, statements - earlier.statements);
    }
  }

  /** Work sent to the database so far (monitoring, the benchmark's queries per call, tests). */
  Stats stats();

  /** Completes when the database answers a trivial query (readiness). */
  Future<Void> ping();

  Future<Void> close();
}
