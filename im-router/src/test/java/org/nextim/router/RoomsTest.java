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
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nextim.router.testing.RouterAssertions.assertFields;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertJsonError;
import static org.nextim.router.testing.RouterAssertions.assertMessageShape;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/** Rooms: silent login joins, join/leave presences, multicast, members and counts (2.2, 2.3). */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class RoomsTest {

  private static final long WAIT = 3000;

  private TestRouter router;
  private RestClient rest;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
    rest = router.rest();
  }

  private Set<String> memberIds(String room) {
    JsonArray list = assertJson(200, rest.get("/room/members", "room", room)).getJsonArray(room);
    return list.stream().map(o -> ((JsonObject) o).getString("id")).collect(Collectors.toSet());
  }

  @Test
  void loginJoinsRoomsSilently() {
    Page bob = router.login("bob", "rooms", "r1");
    Page alice = router.login("alice", "rooms", "r1");
    assertEquals(new JsonObject().put("r1", 2), alice.login().getJsonObject("roominfo"));
    bob.assertQuiet();
    assertEquals(Set.of("alice", "bob"), memberIds("r1"));
  }

  @Test
  void oneCallAnswersTheMembersOfSeveralRooms() {
    router.login("bob", "rooms", "r1,r2");
    router.login("alice", "rooms", "r2");
    JsonObject both = assertJson(200, rest.get("/room/members", "rooms", "r1,r2,nobody-here"));
    assertEquals(Set.of("r1", "r2", "nobody-here"), both.fieldNames());
    assertEquals(1, both.getJsonArray("r1").size());
    assertEquals(2, both.getJsonArray("r2").size());
    assertEquals(0, both.getJsonArray("nobody-here").size());
    String tooMany = String.join(",", Collections.nCopies(501, "r"));
    assertEquals(400, rest.get("/room/members", "rooms", tooMany).status());
  }

  @Test
  void joinTellsTheOtherOnlineMembersAndARepeatedJoinTellsNobody() {
    Page alice = router.login("alice", "rooms", "r1");
    Page bob = router.login("bob", "rooms", "r1");
    Page carol = router.login("carol", "show", "away");

    assertEquals(new JsonObject().put("r1", 3), assertJson(200, carol.join("r1")));

    JsonObject want = new JsonObject().put("from", "carol").put("nick", "Carol").put("type", "join")
        .put("show", "away").put("status", "r1");
    for (Page member : List.of(alice, bob)) {
      assertEquals(List.of(want), member.awaitPresence("carol", "join", WAIT).presences, member.toString());
    }
    assertEquals(Set.of("alice", "bob", "carol"), memberIds("r1"));

    assertEquals(new JsonObject().put("r1", 3), assertJson(200, carol.join("r1")), "idempotent");
    Page.assertAllQuiet(alice, bob);
  }

  @Test
  void leaveTellsTheOtherMembersOnceAndDropsMembership() {
    Page alice = router.login("alice", "rooms", "r1");
    Page carol = router.login("carol", "rooms", "r1");

    assertOk(carol.leave("r1"));
    JsonObject leave = alice.awaitPresence("carol", "leave", WAIT).presence("carol", "leave");
    assertFields(Map.of("from", "carol", "nick", "Carol", "type", "leave", "status", "r1", "show", "available"), leave);
    assertEquals(Set.of("alice"), memberIds("r1"));

    assertOk(carol.leave("r1"));
    alice.assertQuiet();
    assertJsonError(403, "not_a_member", carol.multicast("r1", "still here?"));
    assertOk(carol.leave("never-joined"));
  }

  @Test
  void multicastReachesOtherMembersAndTheSendersOtherPagesButNotTheSendingPage() {
    Page alice1 = router.login("alice", "rooms", "r1");
    Page alice2 = router.login("alice", "rooms", "r1");
    Page bob = router.login("bob", "rooms", "r1");
    Page carol = router.login("carol", "rooms", "r1,r2");
    Page dave = router.login("dave", "rooms", "r2");

    assertOk(alice1.multicast("r1", "hi room", "id", "mc-1"));

    for (Page p : List.of(alice2, bob, carol)) {
      Inbox in = p.awaitMessage("hi room", WAIT);
      JsonObject m = in.message("hi room");
      assertMessageShape(m, true);
      assertFields(Map.of("from", "alice", "to", "r1", "type", "multicast", "id", "mc-1"), m);
    }
    Page.assertAllQuiet(alice1, alice2, bob, carol, dave);
  }

  @Test
  void onlyMembersMayMulticast() {
    router.login("alice", "rooms", "r1");
    Page dave = router.login("dave");
    assertJsonError(403, "not_a_member", dave.multicast("r1", "hello?"));
    assertJsonError(403, "not_a_member", dave.multicast("no-such-room", "hello?"));
  }

  @Test
  void membershipBelongsToTheUserNotThePage() {
    Page alice1 = router.login("alice");
    Page alice2 = router.login("alice");
    Page bob = router.login("bob", "rooms", "r2");
    assertEquals(new JsonObject().put("r2", 2), assertJson(200, alice2.join("r2")));
    assertOk(alice1.multicast("r2", "from the other page"));
    bob.awaitMessage("from the other page", WAIT);
  }

  @Test
  void theLatestLoginsRoomsReplaceTheEarlierOnes() {
    Page alice1 = router.login("alice", "rooms", "r1");
    router.login("alice", "rooms", "r2");
    assertJsonError(403, "not_a_member", alice1.multicast("r1", "gone"));
    assertOk(alice1.multicast("r2", "here"));
    assertEquals(Set.of("alice"), memberIds("r2"));
    assertEquals(Set.of(), memberIds("r1"));
  }

  @Test
  void countsAndMembersLeaveOutOfflineUsers() {
    router.login("alice", "rooms", "r1");
    Page bob = router.login("bob", "rooms", "r1");
    assertOk(bob.offline("all", "1"));
    Page carol = router.login("carol");
    assertEquals(new JsonObject().put("r1", 2), assertJson(200, carol.join("r1")));
    assertEquals(Set.of("alice", "carol"), memberIds("r1"));
    assertEquals(new JsonObject().put("empty", new JsonArray()),
        assertJson(200, rest.get("/room/members", "room", "empty")));
  }

  @Test
  void multicastDoesNotReachMembersWhoLeft() {
    Page alice = router.login("alice", "rooms", "r1");
    Page bob = router.login("bob", "rooms", "r1");
    Page carol = router.login("carol", "rooms", "r1");
    assertOk(carol.leave("r1"));
    assertOk(alice.multicast("r1", "after carol left"));
    bob.awaitMessage("after carol left", WAIT);
    Inbox carolGot = carol.collectFor(600);
    assertEquals(List.of(), carolGot.messages, carolGot::toString);
  }
}
