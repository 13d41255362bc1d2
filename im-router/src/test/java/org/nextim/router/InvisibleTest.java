package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertOk;
import static org.nextim.router.testing.RouterAssertions.assertText;

/** {@code invisible} looks like offline to everyone else but still talks (protocol.md 2.3). */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class InvisibleTest {

  private static final long WAIT = 3000;

  private TestRouter router;
  private RestClient rest;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
    rest = router.rest();
  }

  @Test
  void anInvisibleLoginAnnouncesNothingAndIsLeftOutOfEveryList() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice = router.login("alice", "buddies", "bob", "rooms", "r1", "show", "invisible");
    assertEquals(new JsonObject().put("r1", 1), alice.login().getJsonObject("roominfo"),
        "the asking user counts itself even when invisible");
    bob.assertQuiet();

    assertText(200, "", rest.get("/onlines", "names", "alice"));
    assertEquals(new JsonArray(), rest.get("/onlines", "names", "alice", "version", "3").jsonArray());
    assertEquals(new JsonObject().put("r1", new JsonArray()), assertJson(200, rest.get("/room/members", "room", "r1")));

    Page carol = router.login("carol", "buddies", "alice", "rooms", "r1");
    assertEquals(new JsonObject(), carol.login().getJsonObject("buddies"));
    assertEquals(new JsonObject().put("r1", 1), carol.login().getJsonObject("roominfo"));
    JsonObject v3 = rest.post("/presences/online", "name", "dave", "nick", "Dave", "buddies", "alice",
        "rooms", "r1", "version", "3").json();
    assertEquals(new JsonArray(), v3.getJsonArray("buddies"));
    assertEquals(new JsonArray().add(new JsonObject().put("name", "r1").put("total", 2)), v3.getJsonArray("rooms"));

    Page erin = router.login("erin");
    assertEquals(new JsonObject().put("r1", 3), assertJson(200, erin.join("r1")),
        "carol, dave, erin and not invisible alice");
  }

  @Test
  void anInvisibleUserJoinsAndLeavesRoomsSilently() {
    Page bob = router.login("bob", "rooms", "r1");
    Page alice = router.login("alice", "show", "invisible");

    assertEquals(new JsonObject().put("r1", 2), assertJson(200, alice.join("r1")), "alice counts herself");
    assertOk(alice.leave("r1"));
    bob.assertQuiet();
  }

  @Test
  void goingInvisibleSendsOfflineAndLeavingItSendsOnlineWithTheNewShow() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    assertOk(alice.show("invisible"));
    assertEquals(new JsonObject().put("from", "alice").put("nick", "Alice").put("type", "offline")
        .put("show", "unavailable").put("status", ""), bob.awaitPresence("alice", "offline", WAIT).presence("alice", "offline"));
    assertEquals("invisible", alice.awaitPresence("alice", "show", WAIT).presence("alice", "show").getString("show"),
        "the user's own pages see its show change");
    assertText(200, "", rest.get("/onlines", "names", "alice"));

    assertOk(alice.show("invisible", "status", "hiding"));
    bob.assertQuiet();

    assertOk(alice.show("away", "status", "back soon"));
    JsonObject online = bob.awaitPresence("alice", "online", WAIT).presence("alice", "online");
    assertEquals("away", online.getString("show"));
    assertEquals("back soon", online.getString("status"));
    assertText(200, "alice", rest.get("/onlines", "names", "alice"));
  }

  @Test
  void invisibleUsersStillSendAndReceiveMessages() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice = router.login("alice", "buddies", "bob", "show", "invisible");

    assertOk(alice.send("bob", "psst"));
    assertEquals(List.of("psst"), bob.awaitMessage("psst", WAIT).bodies());

    assertEquals(new JsonObject().put("status", "ok").put("delivered", 1),
        assertJson(200, bob.send("alice", "I know you're there", "ack", "1")));
    assertTrue(alice.awaitMessage("I know you're there", WAIT).hasBody("I know you're there"));
  }
}
