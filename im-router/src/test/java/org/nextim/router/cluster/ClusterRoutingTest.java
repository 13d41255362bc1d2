package org.nextim.router.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.HeldPoll;
import org.nextim.router.testing.Inbox;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/**
 * Three router nodes on one Hazelcast cluster: a user logs in through one node, polls through another
 * and is messaged through a third, and the site sees one router.
 */
@Timeout(60)
class ClusterRoutingTest {

  private static final long WAIT = 5000;
  /** Long enough for a dozen sequential holds (each checked for 150 ms) before a page goes idle. */
  private static final long IDLE_MS = 10_000;

  private static TestCluster cluster;
  private List<RouterVerticle> routers;
  private List<RestClient> nodes;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start(3);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void deployRouters() {
    routers = cluster.redeploy(TestRouter.defaults().setPollTimeoutMs(4000).setIdleTimeoutMs(IDLE_MS)).stream()
        .map(TestCluster.Deployed::router).toList();
    nodes = TestCluster.clients(routers);
  }

  private int homeOf(Page page) {
    return TestCluster.homeOf(routers, page);
  }

  @Test
  void loginThroughOnePollThroughAnotherMessageThroughAThird() {
    Page alice = nodes.get(0).login("alice", "buddies", "bob");
    Page bob = nodes.get(1).login("bob", "buddies", "alice");
    Page aliceViaC = alice.via(nodes.get(2));
    Inbox online = aliceViaC.awaitPresence("bob", "online", WAIT);
    assertEquals("available", online.presence("bob", "online").getString("show"));

    Page bobViaA = bob.via(nodes.get(0));
    HeldPoll held = bobViaA.hold();
    JsonObject ack = alice.via(nodes.get(1)).send("bob", "across three nodes", "ack", "1", "id", "m1").json();
    assertEquals(1, ack.getInteger("delivered"));
    assertEquals(List.of("across three nodes"), held.awaitWithin(WAIT).bodies());
  }

  @Test
  void twoLoginsOfOneUserThroughTwoNodesAreOneUserWithEcho() {
    Page carol = nodes.get(0).login("carol");
    Page alice1 = nodes.get(1).login("alice", "buddies", "carol");
    Page alice2 = nodes.get(2).login("alice", "buddies", "carol");
    carol.awaitPresence("alice", "online", WAIT);
    assertEquals(homeOf(alice1), homeOf(alice2), "one user, one home");
    assertEquals(2, alice2.login().getInteger("clientnum"));

    HeldPoll echo = alice2.via(nodes.get(0)).hold();
    HeldPoll toCarol = carol.via(nodes.get(1)).hold();
    assertOk(alice1.via(nodes.get(2)).send("carol", "hi carol"));
    assertEquals(List.of("hi carol"), toCarol.awaitWithin(WAIT).bodies());
    assertEquals(List.of("hi carol"), echo.awaitWithin(WAIT).bodies(), "the other page gets the echo");
  }

  @Test
  void onlinesBuddyListsAndRoomsAreTheSameFromEveryNode() {
    for (int i = 0; i < 9; i++) {
      nodes.get(i % 3).login("u" + i, "rooms", "lobby");
    }
    Page viewer = nodes.get(0).login("viewer", "buddies", "u0,u4,u8,nobody", "rooms", "lobby", "version", "3");
    assertEquals(3, viewer.login().getJsonArray("buddies").size());
    assertEquals(10, viewer.login().getJsonArray("rooms").getJsonObject(0).getInteger("total"));
    for (RestClient node : nodes) {
      assertEquals("u0,u4,u8", node.get("/onlines", "names", "u0,u4,u8,nobody").body());
      assertEquals(10, node.get("/room/members", "room", "lobby").json().getJsonArray("lobby").size());
    }
  }

  @Test
  void aRoomMessageReachesMembersOnEveryNodeAndBroadcastReachesEveryone() {
    List<Page> members = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      members.add(nodes.get(i % 3).login("m" + i, "rooms", "dev"));
    }
    Set<Integer> homes = new HashSet<>();
    members.forEach(p -> homes.add(homeOf(p)));
    assertEquals(3, homes.size(), "logins spread over the three nodes");

    Page outsider = nodes.get(1).login("outsider");
    List<HeldPoll> held = members.stream().map(p -> p.via(nodes.get(2)).hold()).toList();
    JsonObject ack = members.get(0).send("dev", "standup", "type", "multicast", "ack", "1").json();
    assertEquals(11, ack.getInteger("delivered"));
    for (int i = 1; i < held.size(); i++) {
      assertEquals(List.of("standup"), held.get(i).awaitWithin(WAIT).bodies(), "member " + i);
    }
    members.get(0).assertQuiet();

    List<Page> everyone = new ArrayList<>(members.subList(1, members.size()));
    everyone.add(outsider);
    List<HeldPoll> all = everyone.stream().map(Page::hold).toList();
    assertEquals(12, members.get(0).broadcast("maintenance at noon", "ack", "1").json().getInteger("delivered"));
    for (HeldPoll p : all) {
      assertEquals(List.of("maintenance at noon"), p.awaitWithin(WAIT).bodies());
    }
  }

  @Test
  void graceAcrossNodesAPageEndedOnOneNodeAndAReturnThroughAnotherAnnouncesNothing() {
    Page bob = nodes.get(0).login("bob", "buddies", "alice");
    Page alice = nodes.get(1).login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);
    assertOk(alice.via(nodes.get(2)).offline());
    assertOk(bob.via(nodes.get(1)).send("alice", "while you were switching pages"));
    Page back = nodes.get(2).login("alice", "buddies", "bob");
    assertEquals(List.of("while you were switching pages"),
        back.via(nodes.get(0)).awaitMessage("while you were switching pages", WAIT).bodies());
    // Held through the rest of the grace and beyond: no offline reaches bob.
    Inbox quiet = bob.collectFor(IDLE_MS + 500);
    assertTrue(quiet.presences.isEmpty(), "no flap: " + quiet);
  }

  @Test
  void aFewHundredMessagesBetweenUsersOnDifferentNodesAreEachDeliveredOnce() {
    int users = 30;
    int perUser = 10;
    Random random = new Random(7);
    List<Page> pages = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      pages.add(nodes.get(i % 3).login("p" + i));
    }
    Map<String, String> sentTo = new HashMap<>();
    for (int i = 0; i < users; i++) {
      for (int k = 0; k < perUser; k++) {
        int to = (i + 1 + random.nextInt(users - 1)) % users;
        String id = "x-" + i + "-" + k;
        sentTo.put(id, "p" + to);
        // Sent through a node chosen at random, whatever the sender's home.
        assertOk(pages.get(i).via(nodes.get(random.nextInt(3))).send("p" + to, id, "id", id));
      }
    }
    Map<String, Integer> got = new HashMap<>();
    for (Page p : pages) {
      Page viaOther = p.via(nodes.get((homeOf(p) + 1) % 3));
      long expected = sentTo.values().stream().filter(p.user()::equals).count();
      Inbox inbox = viaOther.awaitPackets(in -> in.messages.size() >= expected, WAIT);
      for (JsonObject m : inbox.messages) {
        assertEquals(p.user(), sentTo.get(m.getString("id")), "delivered to its recipient");
        got.merge(m.getString("id"), 1, Integer::sum);
      }
    }
    assertEquals(sentTo.keySet(), got.keySet(), "none lost");
    assertTrue(got.values().stream().allMatch(n -> n == 1), "none duplicated");
  }
}
