package org.nextim.router.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A planned stop answers the REST calls it has read before Vert.x closes: a call that a stopping node
 * forwarded to a slow home gets its answer (with {@code Connection: close}), not a cut connection,
 * and the message it carried is delivered once.
 */
@Timeout(90)
class ClusterStopTest {

  /** Longer than the stall: the forwarded call waits for the home instead of answering 503. */
  private static final long CALL_TIMEOUT_MS = 4_000;
  private static final long STALL_MS = 1_000;

  private static TestCluster cluster;
  private static List<RouterVerticle> routers;
  private static List<RestClient> nodes;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2);
    routers = cluster.deploy(TestRouter.defaults().setPollTimeoutMs(300).setIdleTimeoutMs(10_000)
        .setClusterCallTimeoutMs(CALL_TIMEOUT_MS));
    nodes = TestCluster.clients(routers);
    TestCluster.awaitMesh(routers);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Page homedAt(int node, String prefix, String buddies) {
    return TestCluster.homedAt(routers, nodes.get(node), node, prefix, "buddies", buddies);
  }

  @Test
  void aStoppingNodeAnswersTheCallsItHasReadBeforeItCloses() throws Exception {
    Page bob = homedAt(1, "bob", "alice0,alice1,alice2,alice3");
    Page alice = homedAt(1, "alice", bob.user());
    Page aliceViaStopping = alice.via(nodes.get(0));

    TestCluster.stall(cluster.members().get(1), STALL_MS);
    CompletableFuture<Reply> sent = aliceViaStopping.rest().postAsync("/messages", "ticket", alice.ticket(),
        "to", bob.user(), "body", "sent as the node stops", "id", "stop-1", "ack", "1");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (routers.get(0).callsInFlight() == 0 && System.nanoTime() < deadline && !sent.isDone()) {
      Thread.onSpinWait();
    }
    assertTrue(routers.get(0).callsInFlight() > 0, "node 0 has read the call and waits for node 1");

    // The planned stop as Main runs it: drain, then Vert.x closes at once.
    routers.get(0).drain(5_000, 3_000).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    cluster.members().get(0).vertx().close().await(); // its servers and its cluster membership

    Reply reply = sent.get(10, TimeUnit.SECONDS);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals(1, reply.json().getInteger("delivered"), reply::toString);
    assertEquals("close", reply.header("Connection").orElse(null), "a stopping node's replies close");
    assertTrue(bob.via(nodes.get(1)).awaitMessage("sent as the node stops", 5_000).hasBody("sent as the node stops"));
  }
}
