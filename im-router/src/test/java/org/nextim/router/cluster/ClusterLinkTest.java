package org.nextim.router.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.core.Packet;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's lanes as another node sees them: a batch sent twice (its answer was lost) is applied once and
 * answered the same; a batch of another protocol version is refused with a clear reason.
 */
@Timeout(60)
class ClusterLinkTest {

  private static TestCluster cluster;
  private static List<RouterVerticle> routers;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2);
    routers = cluster.deploy(TestRouter.defaults());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Message<Buffer> send(Buffer batch, String node) throws Exception {
    return cluster.members().get(1).vertx().eventBus().<Buffer>request(ClusterNode.laneAddress(node, 0), batch)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBatchSentTwiceIsAppliedOnceAndAnsweredTheSame() throws Exception {
    RouterVerticle home = routers.get(0);
    RestClient rest = new RestClient("http://127.0.0.1:" + home.actualPort(), TestRouter.DOMAIN, TestRouter.APIKEY);
    Page alice = null;
    for (int i = 0; alice == null; i++) {
      Page p = rest.login("alice" + i);
      if (p.ticket().startsWith(home.cluster().id() + ".")) {
        alice = p;
      }
    }
    Packet packet = Packet.message("m1", "bob", "Bob", alice.user(), 1L, "unicast", "once", "");
    Buffer batch = LinkProtocol.newBatch(0, 99L, "a-node-that-resends");
    batch.appendBuffer(LinkProtocol.deliver(TestRouter.DOMAIN, packet, List.of(alice.user()), null, null));
    LinkProtocol.seal(batch, 1, 1);

    Buffer first = send(batch, home.cluster().id()).body();
    Buffer again = send(batch, home.cluster().id()).body();
    assertEquals(first, again, "the same answer");
    LinkProtocol.Reader ack = new LinkProtocol.Reader(first);
    assertEquals(1L, ack.int64());
    assertEquals(1, ack.int32());
    assertEquals(1, ack.int32(), "queued on alice's page");
    assertEquals(List.of("once"), alice.poll().bodies(), "queued once");
  }

  @Test
  void aBatchOfAnotherVersionIsRefusedWithTheReason() {
    Buffer batch = LinkProtocol.newBatch(0, 7L, "a-newer-node");
    batch.setByte(4, (byte) (LinkProtocol.VERSION + 1));
    LinkProtocol.seal(batch, 1, 0);
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> send(batch, routers.get(0).cluster().id()));
    ReplyException refused = assertInstanceOf(ReplyException.class, e.getCause());
    assertEquals(LinkProtocol.VERSION_MISMATCH, refused.failureCode());
    assertTrue(refused.getMessage().contains("v" + (LinkProtocol.VERSION + 1)), refused.getMessage());
  }
}
