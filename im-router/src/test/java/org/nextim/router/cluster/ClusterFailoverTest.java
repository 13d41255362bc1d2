package org.nextim.router.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/**
 * A node dies: its users' pages answer 404, their buddies see them offline after the grace (announced
 * by a surviving node), nobody stays online as a ghost, and users of the other nodes go on talking.
 */
@Timeout(90)
class ClusterFailoverTest {

  private static final long GRACE_MS = 8000;
  /** Failure detection (4 s without heartbeat in tests) plus the grace, with room to spare. */
  private static final long OFFLINE_WITHIN_MS = 25_000;
  /** Failure detection plus the grace: an offline that was coming would have come by then. */
  private static final long NO_OFFLINE_WINDOW_MS = 4_000 + GRACE_MS + 3_000;

  private TestCluster cluster;
  private List<RouterVerticle> routers;
  private List<RestClient> nodes;

  @BeforeEach
  void start() {
    cluster = TestCluster.start(3);
    routers = cluster.deploy(TestRouter.defaults().setPollTimeoutMs(3000).setIdleTimeoutMs(GRACE_MS));
    nodes = TestCluster.clients(routers);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private int homeOf(Page page) {
    return TestCluster.homeOf(routers, page);
  }

  @Test
  void aCrashedNodesUsersGoOfflineAfterTheGraceAndNoGhostRemains() {
    Page alice = nodes.get(0).login("alice", "buddies", "w0,w1,w2,w3,w4,w5,w6,w7");
    int dead = homeOf(alice);
    // Watchers homed on the other nodes (take the ones that landed elsewhere).
    List<Page> watchers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Page w = nodes.get(i % 3).login("w" + i, "buddies", "alice");
      if (homeOf(w) != dead) {
        watchers.add(w);
      }
    }
    assertFalse(watchers.size() < 2, "at least two watchers live on other nodes");
    int live = (dead + 1) % 3;
    Page watcher = watchers.get(0).via(nodes.get(live));
    Page other = watchers.get(1).via(nodes.get((dead + 2) % 3));
    assertEquals("available", watcher.login().getJsonObject("buddies").getString("alice"), "alice is online");
    // Takes every watcher's online presence: those homed on other nodes come over a link, so they may
    // arrive after a first poll (a held poll answered by a late one made this test fail).
    alice.awaitPackets(in -> java.util.stream.IntStream.range(0, 8).allMatch(i -> in.hasPresence("w" + i, "online")),
        5000);
    alice.hold(); // her widget is polling when the node dies

    TestCluster.crash(cluster.members().get(dead));

    // The others are not disturbed.
    assertOk(watcher.send(other.user(), "still here"));
    other.awaitMessage("still here", 5000);

    // Her buddies hear she went offline, from a surviving node — once, though every survivor cleans up.
    org.nextim.router.testing.Inbox heard = watcher.awaitPresence("alice", "offline", OFFLINE_WITHIN_MS);
    assertEquals("unavailable", heard.presence("alice", "offline").getString("show"));
    assertEquals(1, heard.presences("alice", "offline").size()
        + watcher.collectFor(2_000).presences("alice", "offline").size(), "exactly one offline");
    for (int i = 0; i < 3; i++) {
      if (i != dead) {
        assertEquals("", nodes.get(i).get("/onlines", "names", "alice").body(), "no ghost on node " + i);
      }
    }
    // Her page died with its node: a poll through a live node says so.
    assertEquals(404, alice.via(nodes.get(live)).pollRaw(null, null).httpStatus());

    // Her widget logs in again: she lands on a live node and her buddies see her back.
    Page back = nodes.get(live).login("alice", "buddies", "w0,w1,w2,w3,w4,w5,w6,w7");
    assertNotEquals(dead, homeOf(back));
    watcher.awaitPresence("alice", "online", 5000);
  }

  @Test
  void aReturnWithinTheGraceAfterACrashAnnouncesNoOffline() {
    Page alice = nodes.get(0).login("alice", "buddies", "w0,w1,w2,w3,w4,w5");
    int dead = homeOf(alice);
    Page watcher = null;
    List<String> loggedIn = new ArrayList<>();
    for (int i = 0; i < 6 && watcher == null; i++) {
      Page w = nodes.get(i % 3).login("w" + i, "buddies", "alice");
      loggedIn.add(w.user());
      if (homeOf(w) != dead) {
        watcher = w.via(nodes.get((dead + 1) % 3));
      }
    }
    if (watcher == null) {
      throw new AssertionError("no watcher landed on a live node");
    }
    assertEquals("available", watcher.login().getJsonObject("buddies").getString("alice"), "alice is online");
    alice.awaitPackets(in -> loggedIn.stream().allMatch(w -> in.hasPresence(w, "online")), 5000); // see above
    alice.hold();

    TestCluster.crash(cluster.members().get(dead));
    // The widget notices at once (404) and logs in again through a live node, inside the grace.
    Page back = nodes.get((dead + 1) % 3).login("alice", "buddies", "w0,w1,w2,w3,w4,w5");
    assertNotEquals(dead, homeOf(back));

    // Long enough for failure detection and the grace to pass: no offline, and alice is online.
    assertFalse(watcher.collectFor(NO_OFFLINE_WINDOW_MS).hasPresence("alice", "offline"));
    assertEquals("alice", nodes.get((dead + 2) % 3).get("/onlines", "names", "alice").body());
  }
}
