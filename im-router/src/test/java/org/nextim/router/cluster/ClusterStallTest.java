package org.nextim.router.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.Inbox;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.PollReply;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A home that stands still (every event loop of its node asleep, as in a long GC pause) while the
 * cluster still counts it as a member: calls for its pages answer 503, retryable, never 404; a message
 * for one of its users is queued exactly once and its count comes once the home is back; the same
 * ticket works again afterwards, and nobody had to log in again.
 */
@Timeout(120)
class ClusterStallTest {

  private static final long CALL_TIMEOUT_MS = 500;
  /** Shorter than the failure detection less a heartbeat (3 s here): the node does not fence itself. */
  private static final long STALL_MS = 2_500;

  private static TestCluster cluster;
  private static List<RouterVerticle> routers;
  private static List<RestClient> nodes;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(3);
    routers = cluster.deploy(TestRouter.defaults().setPollTimeoutMs(300).setIdleTimeoutMs(10_000)
        .setClusterCallTimeoutMs(CALL_TIMEOUT_MS));
    nodes = TestCluster.clients(routers);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static int homeOf(Page page) {
    return TestCluster.homeOf(routers, page);
  }

  @Test
  void aStalledHomeAnswers503AndLosesNothing() {
    Page alice = nodes.get(0).login("alice", "buddies", "b0,b1,b2,b3,b4,b5");
    int stalled = homeOf(alice);
    Page bob = null;
    for (int i = 0; i < 6 && bob == null; i++) {
      Page b = nodes.get(i % 3).login("b" + i, "buddies", "alice");
      if (homeOf(b) != stalled) {
        bob = b;
      }
    }
    assertTrue(bob != null, "a buddy lives on another node");
    RestClient other = nodes.get(homeOf(bob)); // a node that does not stand still, bob's home
    Page her = alice.via(other);
    Page him = bob.via(other);
    her.poll();

    TestCluster.stall(cluster.members().get(stalled), STALL_MS);

    // A message for her while her home stands still: on its way, count not known yet.
    Reply sent = him.send("alice", "while you slept", "ack", "1", "id", "m-stall");
    assertEquals(503, sent.status(), sent.body());
    assertEquals(true, sent.json().getBoolean("retryable"));

    // A call for her page through another node: 503, retryable, within the call timeout.
    long start = System.nanoTime();
    Reply show = her.show("away");
    assertEquals(503, show.status(), show.body());
    assertEquals("unavailable", show.json().getString("error"));
    assertEquals(true, show.json().getBoolean("retryable"));
    assertTrue(show.header("Retry-After").isPresent(), "503 says when to retry");
    assertTrue(System.nanoTime() - start < 3 * CALL_TIMEOUT_MS * 1_000_000L, "answered in about the call timeout");

    // Her widget's JSONP poll through another node: a script that runs and says "retry", no 404.
    Reply poll = other.rawGet("/packets?domain=" + TestRouter.DOMAIN + "&ticket=" + her.ticket()
        + "&cursor=" + her.cursor() + "&callback=cb");
    assertEquals(200, poll.status(), poll.body());
    assertTrue(poll.body().startsWith("cb({\"status\":\"unavailable\""), poll.body());

    // Her home is back: the gateway's retry with the same id gets the true count, the message was
    // queued once, and her ticket still works.
    JsonObject retried = awaitOk(() -> him.send("alice", "while you slept", "ack", "1", "id", "m-stall")).json();
    assertEquals(1, retried.getInteger("delivered"));
    Inbox inbox = her.awaitMessage("while you slept", 5000);
    PollReply more = her.poll();
    assertEquals(1, inbox.bodies().stream().filter("while you slept"::equals).count()
        + more.messages().stream().filter(m -> "while you slept".equals(m.getString("body"))).count(), "queued exactly once");
    assertEquals(200, awaitOk(() -> her.show("away")).status());
  }

  /** Repeats a call while it answers 503 (the home is still asleep), as the gateway does. */
  private static Reply awaitOk(java.util.function.Supplier<Reply> call) {
    long deadline = System.currentTimeMillis() + STALL_MS + 10_000;
    while (true) {
      Reply r = call.get();
      if (r.status() != 503 || System.currentTimeMillis() > deadline) {
        assertEquals(200, r.status(), r.body());
        return r;
      }
    }
  }

  /**
   * A login whose answer waits for a peer that stands still (every node must hear of it first) keeps
   * its page however late the answer comes: the browser cannot poll before it has the ticket, so the
   * page's idle clock starts with the answer, not when the page opened.
   */
  @Test
  void aLoginAnsweredLateKeepsItsPage() {
    long idleMs = 400;
    long stallMs = 1_500;
    try (TestCluster two = TestCluster.start(2)) {
      List<RouterVerticle> pair = two.deploy(TestRouter.defaults().setPollTimeoutMs(300).setIdleTimeoutMs(idleMs));
      RestClient first = TestCluster.clients(pair).get(0);
      TestCluster.stall(two.members().get(1), stallMs);

      long start = System.nanoTime();
      Page carol = first.login("carol"); // a new user's home is where her login arrives: the first node
      long answeredAfterMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(answeredAfterMs > 2 * idleMs, "the answer waited for the standing node, came after "
          + answeredAfterMs + " ms");
      assertEquals(0, TestCluster.homeOf(pair, carol));

      PollReply r = carol.poll();
      assertTrue(r.isEmpty(), r::toString);
      assertEquals("ok", r.status());
    }
  }
}
