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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two router nodes as separate JVMs from the fat jar, clustered on 127.0.0.1. One gets SIGTERM: its
 * held polls are answered (not cut off), it leaves the cluster, and the other node announces its users'
 * offline after the grace.
 */
@Timeout(120)
class ClusterJarIT {

  private static final long GRACE_MS = 5000;

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
    env.put("ROUTER_POLL_TIMEOUT_MS", "20000");
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

  /** Logs in users through node one until one lands on {@code node}; they all list {@code buddy}. */
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
  void sigtermAnswersHeldPollsAndTheOtherNodeAnnouncesItsUsersOffline() throws Exception {
    RestClient viaOne = new RestClient("http://127.0.0.1:" + one.port(), "test.com", "key1");
    RestClient viaTwo = new RestClient("http://127.0.0.1:" + two.port(), "test.com", "key1");
    Page watcher = loginHomedAt(viaOne, one.nodeId(), "watcher", "leaver0,leaver1,leaver2,leaver3,leaver4,leaver5");
    Page leaver = loginHomedAt(viaOne, two.nodeId(), "leaver", watcher.user());
    // Logins landed on both nodes: the cluster routes them by user.
    assertTrue(leaver.login().getJsonObject("buddies").containsKey(watcher.user()));

    watcher.awaitPresence(leaver.user(), "online", 10_000);
    HeldPoll held = leaver.via(viaTwo).hold(); // really held at node two (not answered within 150 ms)
    long sent = System.nanoTime();
    two.terminate(30_000);
    PollReply answer = held.awaitRaw();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    assertEquals(200, answer.httpStatus(), "the held poll is answered, not cut off");
    assertEquals("ok", answer.status());
    assertTrue(tookMs < 15_000, "answered at shutdown, not at the 20 s poll timeout: " + tookMs + " ms");

    // The survivor announces the leaver's offline after the grace; no ghost stays.
    watcher.awaitPresence(leaver.user(), "offline", 30_000);
    assertEquals("", viaOne.get("/onlines", "names", leaver.user()).body());
    // The survivor serves on.
    Page again = viaOne.login(leaver.user(), "buddies", watcher.user());
    assertTrue(again.ticket().startsWith(one.nodeId() + "."));
    watcher.awaitPresence(leaver.user(), "online", 10_000);
  }
}
