package org.nextim.router.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.testing.HeldPoll;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.PollReply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.RouterProcess;
import org.nextim.router.testing.TestCluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two router nodes as separate JVMs from the fat jar, clustered on 127.0.0.1. One gets SIGTERM: it hands
 * its pages to the other node, its held polls are answered (not cut off), and its users' pages go on
 * there with the same tickets: nothing lost, no 404, no presence flap.
 */
@Timeout(120)
class ClusterJarIT {

  private static final long GRACE_MS = 5000;
  /** Longer than the window in which the test watches for a presence flap, so one held poll spans it. */
  private static final long POLL_TIMEOUT_MS = 8000;

  private RouterProcess one;
  private RouterProcess two;

  @BeforeEach
  void startTwoNodes() {
    int hz1 = TestCluster.freePort();
    int hz2 = TestCluster.freePort();
    String members = "127.0.0.1:" + hz1 + ",127.0.0.1:" + hz2;
    one = RouterProcess.start(env(hz1, members));
    two = RouterProcess.start(env(hz2, members));
    // Each sees the other live (its address known, its users known).
    one.awaitOutput(Pattern.compile("node " + two.nodeId() + " live"), 30_000);
    two.awaitOutput(Pattern.compile("node " + one.nodeId() + " live"), 30_000);
  }

  private static Map<String, String> env(int hazelcastPort, String members) {
    Map<String, String> env = new HashMap<>();
    env.put("ROUTER_PORT", "0");
    env.put("ROUTER_HOST", "127.0.0.1");
    env.put("ROUTER_DOMAINS", "test.com=key1");
    env.put("ROUTER_POLL_TIMEOUT_MS", Long.toString(POLL_TIMEOUT_MS));
    env.put("ROUTER_IDLE_TIMEOUT_MS", Long.toString(GRACE_MS));
    env.put("ROUTER_CLUSTER", "true");
    env.put("ROUTER_CLUSTER_HOST", "127.0.0.1");
    env.put("ROUTER_CLUSTER_PORT", Integer.toString(hazelcastPort));
    env.put("ROUTER_CLUSTER_MEMBERS", members);
    env.put("ROUTER_CLUSTER_JOIN_WAIT_S", "1");
    env.put("ROUTER_CLUSTER_FAILURE_S", "4");
    return env;
  }

  @AfterEach
  void stop() {
    one.close();
    two.close();
  }

  /** Logs in users through {@code rest} until one lands on {@code node}; they all list {@code buddy}. */
  private static Page loginHomedAt(RestClient rest, String node, String prefix, String buddy) {
    for (int i = 0; i < 64; i++) {
      Page p = rest.login(prefix + i, "buddies", buddy);
      if (p.ticket().startsWith(node + ".")) {
        return p;
      }
    }
    throw new AssertionError("no login landed on node " + node);
  }

  @Test
  void sigtermHandsThePagesToTheOtherNodeAndNobodyNotices() throws Exception {
    RestClient viaOne = new RestClient("http://127.0.0.1:" + one.port(), "test.com", "key1");
    RestClient viaTwo = new RestClient("http://127.0.0.1:" + two.port(), "test.com", "key1");
    Page watcher = loginHomedAt(viaOne, one.nodeId(), "watcher", "leaver0,leaver1,leaver2,leaver3,leaver4,leaver5,"
        + "other0,other1,other2,other3,other4,other5");
    Page leaver = loginHomedAt(viaTwo, two.nodeId(), "leaver", watcher.user());
    Page other = loginHomedAt(viaTwo, two.nodeId(), "other", watcher.user());
    assertTrue(leaver.login().getJsonObject("buddies").containsKey(watcher.user()));
    watcher.awaitPresence(other.user(), "online", 10_000);
    // Queued for `other`, not polled yet: it must survive the stop.
    assertEquals(1, watcher.send(other.user(), "queued", "ack", "1", "id", "m1").json().getInteger("delivered"));

    HeldPoll held = leaver.hold(); // really held at node two (not answered within 150 ms)
    long sent = System.nanoTime();
    two.terminate(30_000);
    PollReply answer = held.awaitRaw();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    assertEquals(200, answer.httpStatus(), "the held poll is answered, not cut off");
    assertEquals("ok", answer.status());
    assertTrue(tookMs < POLL_TIMEOUT_MS - 2_000, "answered at shutdown, not at the poll timeout: " + tookMs + " ms");

    // Both pages live on at node one with the same tickets, their queues and cursors intact.
    Page otherNow = other.via(viaOne);
    assertEquals(List.of("queued"), otherNow.poll().bodies(), "queued before the stop, got once after");
    Page leaverNow = leaver.via(viaOne);
    assertEquals(1, watcher.send(leaver.user(), "after", "ack", "1", "id", "m2").json().getInteger("delivered"));
    assertEquals(List.of("after"), leaverNow.awaitMessage("after", 5_000).bodies());
    // No presence flap: while their widgets poll on, their buddy never hears they went offline (the
    // stopped node's failure detection and the grace pass meanwhile), and they are online still.
    leaverNow.hold();
    otherNow.hold();
    assertTrue(!watcher.collectFor(GRACE_MS + 2_000).hasPresence(leaver.user(), "offline"), "no offline");
    assertEquals(leaver.user() + "," + other.user(),
        viaOne.get("/onlines", "names", leaver.user() + "," + other.user()).body());
  }
}
