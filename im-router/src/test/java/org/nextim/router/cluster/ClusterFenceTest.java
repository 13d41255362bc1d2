package org.nextim.router.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.Inbox;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that stood still longer than the failure detection (less a heartbeat) may have been given up
 * by the others: it fences itself — drops its pages without a word and leaves the cluster — so it never
 * serves users the cluster may have given to other nodes. The others clean up after it as after a crash.
 */
@Timeout(90)
class ClusterFenceTest {

  private static final long GRACE_MS = 3_000;

  private TestCluster cluster;
  private List<RouterVerticle> routers;
  private List<RestClient> nodes;

  @BeforeEach
  void start() {
    cluster = TestCluster.start(3);
    routers = cluster.deploy(TestRouter.defaults().setPollTimeoutMs(2000).setIdleTimeoutMs(GRACE_MS));
    nodes = TestCluster.clients(routers);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aNodeThatStoodStillTooLongFencesItselfAndItsUsersGoOfflineOnce() {
    Page alice = nodes.get(0).login("alice", "buddies", "w0,w1,w2,w3,w4,w5");
    int still = TestCluster.homeOf(routers, alice);
    Page watcher = null;
    for (int i = 0; i < 6 && watcher == null; i++) {
      Page w = nodes.get(i % 3).login("w" + i, "buddies", "alice");
      if (TestCluster.homeOf(routers, w) != still) {
        watcher = w.via(nodes.get(TestCluster.homeOf(routers, w)));
      }
    }
    assertTrue(watcher != null, "a watcher on another node");
    RestClient live = watcher.rest();

    TestCluster.stall(cluster.members().get(still), (TestCluster.FAILURE_SECONDS - 1) * 1000L + 1500);

    // Fenced: it left the cluster, so its ticket is gone (404 at once), and alice goes offline once.
    Inbox heard = watcher.awaitPresence("alice", "offline", 20_000);
    assertEquals(1, heard.presences("alice", "offline").size()
        + watcher.collectFor(1_500).presences("alice", "offline").size(), "exactly one offline");
    assertEquals(404, alice.via(live).pollRaw(null, null).httpStatus());
    assertEquals("", live.get("/onlines", "names", "alice").body(), "no ghost");
    // She logs in again and lands on a node that did not fence.
    Page back = live.login("alice", "buddies", "w0,w1,w2,w3,w4,w5");
    assertTrue(TestCluster.homeOf(routers, back) != still);
  }
}
