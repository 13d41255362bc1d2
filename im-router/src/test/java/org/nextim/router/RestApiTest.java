package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Inbox;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Params;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertFields;
import static org.nextim.router.testing.RouterAssertions.assertInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertMessageShape;
import static org.nextim.router.testing.RouterAssertions.assertOk;
import static org.nextim.router.testing.RouterAssertions.assertPollInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertText;

/** The calls of protocol.md 2.2 with their parameters and replies (2.4 for the login reply). */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class RestApiTest {

  private static final long WAIT = 3000;

  private TestRouter router;
  private RestClient rest;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
    rest = router.rest();
  }

  // ---- /presences/online ------------------------------------------------------------------

  @Test
  void onlineRepliesTicketOnlineBuddiesRoomCountsAndPageCount() {
    router.login("bob", "rooms", "r1");
    router.login("carol", "rooms", "r1", "show", "away");

    Reply r = rest.post("/presences/online", "name", "alice", "nick", "Alice",
        "buddies", "bob,carol,dave", "rooms", "r1,r2");
    JsonObject json = assertJson(200, r);

    String ticket = json.getString("ticket");
    assertNotNull(ticket, "ticket");
    assertTrue(ticket.length() >= 22, "a ticket carries at least 128 random bits: " + ticket);
    assertEquals(new JsonObject().put("bob", "available").put("carol", "away"), json.getJsonObject("buddies"),
        "only the online buddies, with their show");
    assertEquals(new JsonObject().put("r1", 3).put("r2", 1), json.getJsonObject("roominfo"),
        "online members of each room, the user included");
    assertEquals(1, json.getInteger("clientnum"));

    JsonObject second = assertJson(200, rest.post("/presences/online", "name", "alice", "nick", "Alice"));
    assertEquals(2, second.getInteger("clientnum"), "a second page of alice");
    assertNotEquals(ticket, second.getString("ticket"), "each page has its own ticket");
  }

  @Test
  void onlineWithVersion3RepliesRoomsAndBuddyObjects() {
    router.login("bob", "nick", "Bob B", "show", "busy", "status", "in a call", "rooms", "r1");

    JsonObject json = assertJson(200, rest.post("/presences/online", "name", "alice", "nick", "Alice",
        "buddies", "bob,dave", "rooms", "r1,r2", "version", "3"));

    assertFalse(json.getString("ticket", "").isEmpty(), "non-empty ticket");
    assertEquals(Set.of(new JsonObject().put("name", "r1").put("total", 2),
            new JsonObject().put("name", "r2").put("total", 1)),
        asSet(json.getJsonArray("rooms")));
    assertEquals(new JsonArray().add(new JsonObject().put("name", "bob").put("nick", "Bob B")
            .put("show", "busy").put("status", "in a call")),
        json.getJsonArray("buddies"));
  }

  @Test
  void everyLoginGetsItsOwnUnguessableTicket() {
    Set<String> tickets = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      tickets.add(router.login("user" + (i % 3)).ticket());
    }
    assertEquals(20, tickets.size());
  }

  @Test
  void healthAnswersOkWithoutCredentials() {
    Reply r = router.rest().rawGet("/health");
    assertEquals(200, r.status());
    assertEquals("ok", r.body());
  }

  @Test
  void unknownParametersAreIgnored() {
    Reply r = rest.post("/presences/online", "name", "alice", "nick", "Alice", "visitor", "1", "foo", "bar");
    assertJson(200, r);
    assertFalse(r.json().getString("ticket", "").isEmpty());
  }

  // ---- /presences/offline, /presences/show, /statuses ---------------------------------------

  @Test
  void offlineRepliesOkAndEndsThePage() {
    Page alice = router.login("alice");
    assertOk(alice.offline());

    assertPollInvalidTicket(alice.pollRaw(null, null).http());
    assertInvalidTicket(alice.send("bob", "hi"));
  }

  @Test
  void showRepliesOkAndTellsBuddiesTheNewShowNickAndStatus() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    assertOk(alice.show("away", "status", "brb", "nick", "Ally"));

    JsonObject p = bob.awaitPresence("alice", "show", WAIT).presence("alice", "show");
    assertEquals(new JsonObject().put("from", "alice").put("nick", "Ally").put("type", "show")
        .put("show", "away").put("status", "brb"), p);
  }

  @Test
  void statusesRepliesOkAndQueuesTheStatusPacket() {
    Page bob = router.login("bob");
    Page alice = router.login("alice");

    assertOk(alice.call("/statuses", Params.of("to", "bob", "show", "typing", "nick", "Ally")));

    Inbox in = bob.awaitPackets(i -> !i.statuses.isEmpty(), WAIT);
    assertEquals(List.of(new JsonObject().put("from", "alice").put("nick", "Ally").put("to", "bob")
        .put("show", "typing")), in.statuses);
  }

  // ---- /messages --------------------------------------------------------------------------

  @Test
  void messageRepliesOkAndCarriesEveryGivenField() {
    Page bob = router.login("bob");
    Page alice = router.login("alice");

    assertOk(alice.send("bob", "hi bob", "id", "m-1", "style", "color:red", "timestamp", "1700000000000",
        "nick", "Ally"));

    JsonObject m = bob.awaitMessage("hi bob", WAIT).message("hi bob");
    assertMessageShape(m, true);
    assertFields(Map.of("id", "m-1", "from", "alice", "nick", "Ally", "to", "bob", "type", "unicast",
        "style", "color:red"), m);
    assertEquals(1700000000000L, ((Number) m.getValue("timestamp")).longValue());
  }

  @Test
  void messageWithoutTimestampIsStampedByTheRouterAndHasDefaults() {
    Page bob = router.login("bob");
    Page alice = router.login("alice");

    long before = System.currentTimeMillis();
    assertOk(alice.send("bob", "plain"));
    long after = System.currentTimeMillis();

    JsonObject m = bob.awaitMessage("plain", WAIT).message("plain");
    assertMessageShape(m, false);
    long ts = ((Number) m.getValue("timestamp")).longValue();
    assertTrue(ts >= before - 1000 && ts <= after + 1000, "router time in ms, got " + ts);
    assertFields(Map.of("type", "unicast", "style", "", "nick", "Alice", "from", "alice"), m);
  }

  @Test
  void formParametersDecodePlusAsSpace() {
    Page bob = router.login("bob");
    Page alice = router.login("alice");

    String form = "domain=test.com&apikey=key1&ticket=" + alice.ticket()
        + "&to=bob&body=hello+big+world&nick=Alice+Smith&style=a%2Bb";
    assertOk(rest.rawPost("/messages", "application/x-www-form-urlencoded", form));

    JsonObject m = bob.awaitMessage("hello big world", WAIT).message("hello big world");
    assertEquals("Alice Smith", m.getString("nick"));
    assertEquals("a+b", m.getString("style"), "%2B is a literal plus");
  }

  @Test
  void jsonBodyParametersWithArraysAndNumbers() {
    Page bob = router.login("bob");

    Reply login = rest.postJson("/presences/online", new JsonObject().put("name", "alice").put("nick", "Alice")
        .put("buddies", new JsonArray().add("bob").add("dave")).put("rooms", new JsonArray().add("r1"))
        .put("version", 3));
    JsonObject json = assertJson(200, login);
    String ticket = json.getString("ticket");
    assertFalse(ticket == null || ticket.isEmpty(), "ticket from a JSON login: " + login);
    assertEquals(List.of("bob"), json.getJsonArray("buddies").stream()
        .map(o -> ((JsonObject) o).getString("name")).toList(), "version 3 buddy objects");

    Reply sent = rest.postJson("/messages", new JsonObject().put("ticket", ticket).put("to", "bob")
        .put("body", "json hi").put("ack", 1).put("timestamp", 1700000000123L));
    assertEquals(new JsonObject().put("status", "ok").put("delivered", 1), assertJson(200, sent));

    JsonObject m = bob.awaitMessage("json hi", WAIT).message("json hi");
    assertEquals(1700000000123L, ((Number) m.getValue("timestamp")).longValue());
  }

  @Test
  void bodyValuesWinOverQueryValuesAndQueryParamsCountOnPost() {
    Page bob = router.login("bob");
    Page alice = router.login("alice");

    String query = "?ticket=" + alice.ticket() + "&to=bob&body=from-query";
    String form = "domain=test.com&apikey=key1&body=from-body";
    assertOk(rest.rawPost("/messages" + query, "application/x-www-form-urlencoded", form));

    Inbox in = bob.awaitPackets(i -> !i.messages.isEmpty(), WAIT);
    assertEquals(List.of("from-body"), in.bodies());
  }

  @Test
  void everyCallAcceptsGetAsWellAsPost() {
    Page bob = router.login("bob");
    Reply login = rest.get("/presences/online", "name", "alice", "nick", "Alice");
    JsonObject json = assertJson(200, login);

    assertOk(rest.get("/messages", "ticket", json.getString("ticket"), "to", "bob", "body", "by get"));
    bob.awaitMessage("by get", WAIT);
    assertText(200, "bob", rest.post("/onlines", "names", "bob"));
  }

  // ---- /onlines ---------------------------------------------------------------------------

  @Test
  void onlinesListsTheOnlineOnesInTheOrderAsked() {
    Page alice = router.login("alice");
    router.login("carol", "show", "away", "status", "out");

    assertText(200, "carol,alice", rest.get("/onlines", "names", "carol,bob,alice"));
    assertText(200, "alice,carol", rest.get("/onlines", "names", "alice,carol"));
    assertText(200, "", rest.get("/onlines", "names", "bob,dave"));
    assertText(200, "carol", rest.get("/onlines", "names", "carol", "ticket", alice.ticket()));
  }

  @Test
  void onlinesWithVersion3RepliesObjects() {
    router.login("alice");
    router.login("carol", "nick", "Carol C", "show", "away", "status", "out");

    Reply r = rest.get("/onlines", "names", "carol,bob,alice", "version", "3");
    assertEquals(200, r.status(), r::toString);
    assertEquals("application/json;charset=utf-8", r.normalizedContentType());
    assertEquals(new JsonArray()
            .add(new JsonObject().put("name", "carol").put("nick", "Carol C").put("show", "away").put("status", "out"))
            .add(new JsonObject().put("name", "alice").put("nick", "Alice").put("show", "available").put("status", "")),
        r.jsonArray());
  }

  // ---- rooms ------------------------------------------------------------------------------

  @Test
  void roomMembersListsOnlineMembersAndEmptyForUnknownRoom() {
    router.login("alice", "rooms", "r1");
    router.login("bob", "nick", "Bob B", "rooms", "r1,r2");
    Page carol = router.login("carol", "rooms", "r1");
    carol.offline("all", "1");

    JsonObject r1 = assertJson(200, rest.get("/room/members", "room", "r1"));
    assertEquals(Set.of("r1"), r1.fieldNames());
    assertEquals(Set.of(new JsonObject().put("id", "alice").put("nick", "Alice"),
        new JsonObject().put("id", "bob").put("nick", "Bob B")), asSet(r1.getJsonArray("r1")));

    assertEquals(new JsonObject().put("nowhere", new JsonArray()),
        assertJson(200, rest.get("/room/members", "room", "nowhere")));
    Page asker = router.login("dave");
    assertEquals(r1.getJsonArray("r1").size(),
        assertJson(200, rest.get("/room/members", "room", "r1", "ticket", asker.ticket())).getJsonArray("r1").size(),
        "an optional live ticket is accepted");
  }

  @Test
  void roomJoinRepliesOnlineCountAndLeaveRepliesOk() {
    router.login("alice", "rooms", "r1");
    Page bob = router.login("bob");

    assertEquals(new JsonObject().put("r1", 2), assertJson(200, bob.join("r1")));
    assertEquals(new JsonObject().put("r9", 1), assertJson(200, bob.join("r9")), "a new room");
    assertOk(bob.leave("r1"));
    assertEquals(1, rest.get("/room/members", "room", "r1").json().getJsonArray("r1").size());
  }

  @Test
  void roomCallsTakeAnOptionalNick() {
    Page alice = router.login("alice", "rooms", "r1");
    Page bob = router.login("bob");

    assertEquals(new JsonObject().put("r1", 2),
        assertJson(200, bob.call("/room/join", Params.of("room", "r1", "nick", "Bobby"))));
    JsonObject join = alice.awaitPresence("bob", "join", WAIT).presence("bob", "join");
    assertEquals("Bobby", join.getString("nick"));
    assertEquals("r1", join.getString("status"));

    assertOk(bob.call("/room/leave", Params.of("room", "r1", "nick", "Bobby L")));
    JsonObject leave = alice.awaitPresence("bob", "leave", WAIT).presence("bob", "leave");
    assertEquals("Bobby L", leave.getString("nick"));
    assertEquals("r1", leave.getString("status"));
  }

  private static Set<Object> asSet(JsonArray arr) {
    assertNotNull(arr, "missing list");
    return new HashSet<>(arr.getList().stream().map(o -> o instanceof Map<?, ?> m
        ? new JsonObject(castMap(m)) : o).toList());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
