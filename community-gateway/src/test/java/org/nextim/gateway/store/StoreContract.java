package org.nextim.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nextim.gateway.testing.TestDb;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Store} must do, run against each database ({@link H2StoreTest},
 * {@link PostgresStoreTest}); each class gets a freshly migrated database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {

  private final Vertx vertx = Vertx.vertx();
  private Store store;

  /** The database under test; called once per class. */
  abstract TestDb database();

  Store store() {
    if (store == null) {
      TestDb db = database();
      store = await(JdbcStore.create(vertx, db.url(), db.user(), db.password(), 2));
    }
    return store;
  }

  @AfterAll
  void close() {
    if (store != null) {
      await(store.close());
    }
    await(vertx.close());
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static LogItem item(String id, String type, String from, String to, String body) {
    return new LogItem(id, type, from, from.toUpperCase(), to, body, "", System.currentTimeMillis());
  }

  private void users(String... ids) {
    for (String id : ids) {
      await(store().putUser(new User(id, null, null, null, false)));
    }
  }

  @Test
  void usersAreCreatedUpdatedEnsuredAndDeleted() {
    assertTrue(await(store().putUser(new User("u1", "U One", "http://p", "http://u", true))));
    assertFalse(await(store().putUser(new User("u1", "U Uno", null, null, false))));
    User u = await(store().user("u1"));
    assertEquals(new User("u1", "U Uno", null, null, false), u);
    assertEquals(u, await(store().ensureUser(new User("u1", "Claimed", null, null, false))), "existing users are kept");
    assertEquals("Fresh", await(store().ensureUser(new User("u2", "Fresh", null, null, false))).nick());
    assertEquals(Set.of("u1", "u2"), await(store().users(List.of("u1", "u2", "nobody"))).stream().map(User::id)
        .collect(Collectors.toSet()));
    assertNull(await(store().user("nobody")));
    assertEquals("u3", await(store().ensureUser(new User("u3", null, null, null, false))).nick(), "nick defaults to id");
  }

  @Test
  void buddyListsAreReplacedAndJoinedWithUsers() {
    users("b1", "b2", "b3");
    await(store().setBuddies("b1", List.of(new BuddyLink("b2", "friend"), new BuddyLink("b3", "colleague"),
        new BuddyLink("later", "friend"), new BuddyLink("b1", "self"))));
    List<Buddy> list = await(store().buddies("b1"));
    assertEquals(List.of("b2", "b3"), list.stream().map(b -> b.user().id()).toList(), "unknown users and self left out");
    assertEquals("colleague", list.get(1).group());
    users("later");
    assertEquals(3, await(store().buddies("b1")).size(), "a link to a user created later shows up");
    await(store().setBuddies("b1", List.of(new BuddyLink("b3", "friend"))));
    assertEquals(List.of("b3"), await(store().buddies("b1")).stream().map(b -> b.user().id()).toList());
  }

  @Test
  void roomsKeepTheirMembers() {
    users("r1", "r2", "r3");
    assertTrue(await(store().putRoom(new Room("room", "A Room", "http://r", null,
        List.of(new Member("r1", "r1"), new Member("r2", "r2"))))));
    Room room = await(store().room("room"));
    assertEquals("A Room", room.nick());
    assertTrue(room.hasMember("r1") && room.hasMember("r2") && !room.hasMember("r3"));
    assertFalse(await(store().putRoom(new Room("room", "Renamed", null, null, null))), "update");
    assertEquals(2, await(store().room("room")).members().size(), "null members keep the list");
    await(store().putRoom(new Room("room", "Renamed", null, null, List.of(new Member("r3", "r3")))));
    assertEquals(List.of("room"), await(store().roomsOf("r3")).stream().map(Room::id).toList());
    assertEquals(List.of(), await(store().roomsOf("r1")));
    assertTrue(await(store().deleteRoom("room")));
    assertFalse(await(store().deleteRoom("room")));
    assertNull(await(store().room("room")));
  }

  @Test
  void pendingMessagesAreKeptUntilDelivered() {
    await(store().saveMessage(item("p1", "unicast", "s1", "s2", "one"), true));
    await(store().saveMessage(item("p2", "unicast", "s1", "s2", "two"), false));
    await(store().saveMessage(item("p3", "unicast", "s3", "s2", "three"), true));
    assertEquals(List.of("p1", "p3"), await(store().pendingFor("s2", 100)).stream().map(LogItem::id).toList());
    await(store().markDelivered(List.of("p1", "p3")));
    assertEquals(List.of(), await(store().pendingFor("s2", 100)));
  }

  @Test
  void aClientIdIsStoredOncePerSender() {
    long at = System.currentTimeMillis();
    LogItem first = new LogItem("c-1", "unicast", "cs1", "CS1", "cs2", "once", "", at, "cl-7");
    Store.Stored one = await(store().saveMessageOnce(first, true));
    assertEquals(first, one.item());
    assertTrue(one.pending());
    Store.Stored again = await(store().saveMessageOnce(new LogItem("c-2", "unicast", "cs1", "CS1", "cs2", "once", "",
        at + 5, "cl-7"), true));
    assertEquals("c-1", again.item().id(), "the stored message comes back");
    assertEquals("cl-7", again.item().clientId());
    assertEquals(1, await(store().history("cs1", "cs2", "unicast", 30)).size());
    await(store().markDelivered(List.of("c-1")));
    assertFalse(await(store().saveMessageOnce(new LogItem("c-3", "unicast", "cs1", "CS1", "cs2", "once", "", at, "cl-7"),
        true)).pending(), "delivered since");
    // Another sender may use the same client id; messages without one never collide.
    assertEquals("c-4", await(store().saveMessageOnce(new LogItem("c-4", "unicast", "cs2", "CS2", "cs1", "hi", "", at,
        "cl-7"), true)).item().id());
    await(store().saveMessageOnce(item("c-5", "unicast", "cs1", "cs2", "old client"), false));
    await(store().saveMessageOnce(item("c-6", "unicast", "cs1", "cs2", "old client"), false));
    List<LogItem> h = await(store().history("cs1", "cs2", "unicast", 30));
    assertEquals(List.of("c-1", "c-4", "c-5", "c-6"), h.stream().map(LogItem::id).toList());
    assertEquals("cl-7", h.get(0).clientId());
    assertNull(h.get(2).clientId());
    assertEquals("cl-7", await(store().histories("cs2", List.of("cs1"), "unicast", 30)).get("cs1").get(0).clientId());
  }

  @Test
  void readMarkersMoveForwardAndReceiptsTellDeliveredAndRead() {
    await(store().saveMessage(item("rm-1", "unicast", "ra", "rb", "one"), false));
    await(store().saveMessage(item("rm-2", "unicast", "ra", "rb", "two"), false));
    await(store().saveMessage(item("rm-3", "unicast", "ra", "rb", "three"), true));
    await(store().saveMessage(item("rm-4", "unicast", "rb", "ra", "back"), false));
    assertEquals(new Store.Receipts("rm-2", null), await(store().receipts("ra", List.of("rb", "rc"))).get("rb"),
        "the newest delivered; nothing read yet");
    assertEquals(new Store.Receipts(null, null), await(store().receipts("ra", List.of("rb", "rc"))).get("rc"));
    assertEquals(Store.MarkerChange.MOVED, await(store().saveReadMarker("rb", "ra", "rm-1")));
    assertEquals(Store.MarkerChange.MOVED, await(store().saveReadMarker("rb", "ra", "rm-3")));
    assertEquals(Store.MarkerChange.NOT_NEWER, await(store().saveReadMarker("rb", "ra", "rm-2")));
    assertEquals(Store.MarkerChange.NOT_NEWER, await(store().saveReadMarker("rb", "ra", "rm-3")));
    assertEquals(Store.MarkerChange.NO_SUCH_MESSAGE, await(store().saveReadMarker("rb", "ra", "rm-4")), "rb's own");
    assertEquals(Store.MarkerChange.NO_SUCH_MESSAGE, await(store().saveReadMarker("rb", "ra", "nope")));
    assertEquals(new Store.Receipts("rm-2", "rm-3"), await(store().receipts("ra", List.of("rb"))).get("rb"));
    assertEquals(new Store.Receipts("rm-4", null), await(store().receipts("rb", List.of("ra"))).get("ra"));
  }

  @Test
  void historyIsBothDirectionsLimitedOldestFirstAndClearedPerUser() {
    for (int i = 0; i < 5; i++) {
      await(store().saveMessage(item("h-a" + i, "unicast", "ha", "hb", "a" + i), false));
      await(store().saveMessage(item("h-b" + i, "unicast", "hb", "ha", "b" + i), false));
    }
    await(store().saveMessage(item("h-x", "unicast", "ha", "hc", "other conversation"), false));
    List<LogItem> last3 = await(store().history("ha", "hb", "unicast", 3));
    assertEquals(List.of("b3", "a4", "b4"), last3.stream().map(LogItem::body).toList());
    assertEquals(10, await(store().history("hb", "ha", "unicast", 0)).size());
    await(store().clearHistory("ha", "hb"));
    assertEquals(0, await(store().history("ha", "hb", "unicast", 30)).size());
    assertEquals(10, await(store().history("hb", "ha", "unicast", 30)).size());
    assertEquals(1, await(store().history("ha", "hc", "unicast", 30)).size());
    await(store().saveMessage(item("h-new", "unicast", "hb", "ha", "new"), false));
    assertEquals(List.of("new"), await(store().history("ha", "hb", "unicast", 30)).stream().map(LogItem::body).toList());
    await(store().clearHistory("ha", "hb"));
    assertEquals(0, await(store().history("ha", "hb", "unicast", 30)).size(), "clearing twice moves the mark");

    await(store().saveMessage(item("h-m1", "multicast", "ha", "room1", "to the room"), false));
    assertEquals(List.of("to the room"), await(store().history("anyone", "room1", "multicast", 30)).stream()
        .map(LogItem::body).toList());
    LogItem stored = await(store().history("anyone", "room1", "multicast", 30)).get(0);
    assertEquals("HA", stored.nick());
    assertEquals("room1", stored.to());
  }

  @Test
  void historiesOfManyPeersAreEachHistoryInOneCall() {
    for (int i = 0; i < 5; i++) {
      await(store().saveMessage(item("hs-a" + i, "unicast", "hs", "hs-p1", "a" + i), false));
      await(store().saveMessage(item("hs-b" + i, "unicast", "hs-p1", "hs", "b" + i), false));
    }
    await(store().saveMessage(item("hs-c", "unicast", "hs-p2", "hs", "c"), false));
    await(store().saveMessage(item("hs-x", "unicast", "hs-p2", "hs-p1", "not ours"), false));
    await(store().clearHistory("hs", "hs-p2"));
    await(store().saveMessage(item("hs-d", "unicast", "hs", "hs-p2", "d"), false));
    java.util.Map<String, List<LogItem>> h = await(store().histories("hs", List.of("hs-p1", "hs-p2", "hs-p3"), "unicast", 3));
    assertEquals(List.of("hs-p1", "hs-p2", "hs-p3"), List.copyOf(h.keySet()));
    for (String peer : h.keySet()) {
      assertEquals(await(store().history("hs", peer, "unicast", 3)), h.get(peer), peer);
    }
    assertEquals(List.of("b3", "a4", "b4"), h.get("hs-p1").stream().map(LogItem::body).toList());
    assertEquals(List.of("d"), h.get("hs-p2").stream().map(LogItem::body).toList());
    assertEquals(List.of(), h.get("hs-p3"));
    assertEquals(10, await(store().histories("hs-p1", List.of("hs"), "unicast", 0)).get("hs").size());

    await(store().saveMessage(item("hs-m1", "multicast", "hs", "hs-room", "one"), false));
    await(store().saveMessage(item("hs-m2", "multicast", "hs-p1", "hs-room", "two"), false));
    java.util.Map<String, List<LogItem>> rooms = await(store().histories("anyone", List.of("hs-room", "hs-none"), "multicast", 30));
    assertEquals(List.of("one", "two"), rooms.get("hs-room").stream().map(LogItem::body).toList());
    assertEquals(List.of(), rooms.get("hs-none"));
  }

  @Test
  void roomsAreLoadedManyAtOnce() {
    users("rs1", "rs2");
    await(store().putRoom(new Room("rs-b", "B", null, null, List.of(new Member("rs1", "")))));
    await(store().putRoom(new Room("rs-a", "A", null, "http://a.png", List.of(new Member("rs1", ""), new Member("rs2", "")))));
    List<Room> rooms = await(store().rooms(List.of("rs-b", "rs-nowhere", "rs-a")));
    assertEquals(List.of("rs-a", "rs-b"), rooms.stream().map(Room::id).toList());
    assertEquals(2, rooms.get(0).members().size());
    assertEquals("http://a.png", rooms.get(0).picUrl());
    assertEquals(List.of(), await(store().rooms(List.of())));
  }

  @Test
  void pendingMessagesComeInPagesOldestFirst() {
    for (int i = 0; i < 5; i++) {
      await(store().saveMessage(item("pg" + i, "unicast", "pg-from", "pg-to", "m" + i), true));
    }
    List<LogItem> first = await(store().pendingFor("pg-to", 2));
    assertEquals(List.of("pg0", "pg1"), first.stream().map(LogItem::id).toList());
    await(store().markDelivered(first.stream().map(LogItem::id).toList()));
    assertEquals(List.of("pg2", "pg3", "pg4"), await(store().pendingFor("pg-to", 10)).stream().map(LogItem::id).toList());
  }

  @Test
  void settingsAreReadAndUpdatedInPlace() {
    assertNull(await(store().settings("s-user")));
    await(store().updateSettings("s-user", old -> new JsonObject().put("play_sound", false)));
    await(store().updateSettings("s-user", old -> old.put("blocked_rooms", new JsonArray().add("r"))));
    assertEquals(new JsonObject().put("play_sound", false).put("blocked_rooms", new JsonArray().add("r")),
        await(store().settings("s-user")));
  }

  @Test
  void notificationsAreNewestFirstAndMarkedReadPerUser() {
    Notification a = await(store().addNotification("n-user", "first", null));
    Notification b = await(store().addNotification("n-user", "second", "http://x"));
    await(store().addNotification("n-other", "theirs", null));
    assertNotEquals(a.id(), b.id());
    List<Notification> list = await(store().notifications("n-user", 10));
    assertEquals(List.of("second", "first"), list.stream().map(Notification::text).toList());
    assertEquals(1, await(store().notifications("n-user", 1)).size());
    await(store().markRead("n-other", List.of(a.id())));
    assertFalse(await(store().notifications("n-user", 10)).get(1).read(), "not the other user's to mark");
    await(store().markRead("n-user", List.of(a.id())));
    assertTrue(await(store().notifications("n-user", 10)).get(1).read());
  }

  @Test
  void ticketsRememberTheirUser() {
    await(store().saveTicket("t1", "tu"));
    await(store().saveTicket("t2", "tu"));
    await(store().saveTicket("t3", "tv"));
    assertEquals("tu", await(store().ticketOwner("t1")));
    await(store().dropTicket("t1"));
    assertNull(await(store().ticketOwner("t1")));
    await(store().dropTickets("tu"));
    assertNull(await(store().ticketOwner("t2")));
    assertEquals("tv", await(store().ticketOwner("t3")));
    assertEquals(1, await(store().pruneTickets(System.currentTimeMillis() + 1000)));
    assertNull(await(store().ticketOwner("t3")));
  }

  @Test
  void deletingAUserKeepsTheOtherSidesHistory() {
    users("del1", "del2");
    await(store().setBuddies("del1", List.of(new BuddyLink("del2", "friend"))));
    await(store().setBuddies("del2", List.of(new BuddyLink("del1", "friend"))));
    await(store().putRoom(new Room("del-room", null, null, null, List.of(new Member("del1", ""), new Member("del2", "")))));
    await(store().saveMessage(item("del-m", "unicast", "del1", "del2", "hi"), true));
    await(store().addNotification("del2", "n", null));
    assertTrue(await(store().deleteUser("del2")));
    assertFalse(await(store().deleteUser("del2")));
    assertEquals(List.of(), await(store().buddies("del1")));
    assertEquals(List.of("del1"), await(store().room("del-room")).members().stream().map(Member::id).toList());
    assertEquals(1, await(store().history("del1", "del2", "unicast", 30)).size());
    assertEquals(List.of(), await(store().notifications("del2", 10)));
  }
}
