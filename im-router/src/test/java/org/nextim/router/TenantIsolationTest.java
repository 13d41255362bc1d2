package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Params;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nextim.router.testing.RouterAssertions.assertInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertOk;
import static org.nextim.router.testing.RouterAssertions.assertPollInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertText;
import static org.nextim.router.testing.RouterAssertions.assertUnauthorized;

/** Two domains with the same user names never see each other (protocol.md 1, 2.1). */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class TenantIsolationTest {

  private static final long WAIT = 3000;

  private TestRouter router;
  private RestClient a;
  private RestClient b;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
    a = router.rest();
    b = router.otherRest();
  }

  @Test
  void presencesAndMessagesStayInTheirDomain() {
    Page bobA = a.login("bob", "buddies", "alice");
    Page bobB = b.login("bob", "buddies", "alice");
    Page aliceA = a.login("alice", "buddies", "bob");
    assertEquals(new JsonObject().put("bob", "available"), aliceA.login().getJsonObject("buddies"));

    bobA.awaitPresence("alice", "online", WAIT);
    assertOk(aliceA.send("bob", "only in a"));
    assertOk(aliceA.show("away"));
    assertEquals(List.of("only in a"), bobA.awaitMessage("only in a", WAIT).bodies());
    bobB.assertQuiet();

    Page aliceB = b.login("alice", "buddies", "bob");
    assertEquals(1, aliceB.login().getInteger("clientnum"), "a different user in another domain");
    bobB.awaitPresence("alice", "online", WAIT);
  }

  @Test
  void onlinesRoomsAndBroadcastStayInTheirDomain() {
    a.login("alice", "rooms", "r1");
    Page carolB = b.login("carol", "rooms", "r1");

    assertText(200, "", b.get("/onlines", "names", "alice"));
    assertText(200, "alice", a.get("/onlines", "names", "alice,carol"));
    assertEquals(new JsonObject().put("r1", 1), carolB.login().getJsonObject("roominfo"));
    assertEquals(1, assertJson(200, b.get("/room/members", "room", "r1")).getJsonArray("r1").size());

    Page daveA = a.login("dave");
    assertOk(daveA.broadcast("a only"));
    carolB.assertQuiet();
  }

  @Test
  void aTicketOfOneDomainIsInvalidInTheOther() {
    Page aliceA = a.login("alice");
    b.login("bob");

    assertInvalidTicket(b.post("/messages", "ticket", aliceA.ticket(), "to", "bob", "body", "sneaky"));
    assertInvalidTicket(b.post("/presences/offline", "ticket", aliceA.ticket()));
    assertPollInvalidTicket(router.rest().rawGet("/packets?"
        + Params.of("domain", "other.org", "ticket", aliceA.ticket()).encoded()));
    assertEquals(200, aliceA.pollRaw(null, null).httpStatus(), "still valid at home");
  }

  @Test
  void theApikeyOfOneDomainDoesNotOpenTheOther() {
    assertUnauthorized(a.as("other.org", "key1").post("/presences/online", "name", "x", "nick", "X"));
    assertUnauthorized(a.as("test.com", "key2").post("/presences/online", "name", "x", "nick", "X"));
  }
}
