package org.nextim.router.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's lanes as another node sees them, driven over the real event bus by a made-up sending node: a
 * batch sent twice (its acknowledgement was lost) is applied once and acknowledged the same; a batch
 * after a gap is dropped until the missing one came; batches nobody waits for are acknowledged later, in
 * order, with the next one that is waited for at the latest; a batch or a greeting of another protocol
 * version is refused with the reason.
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

  /** The answers a made-up sending node {@code name} gets for its lane 0. */
  private static final class Sender implements AutoCloseable {
    final String name;
    final BlockingQueue<Buffer> answers = new LinkedBlockingQueue<>();
    final MessageConsumer<Buffer> consumer;
    final Vertx vertx = cluster.members().get(1).vertx();

    Sender(String name) throws Exception {
      this.name = name;
      consumer = vertx.eventBus().consumer(ClusterNode.ackAddress(name, 0), m -> answers.add(m.body()));
      consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    void send(Buffer batch, String node) {
      vertx.eventBus().send(ClusterNode.laneAddress(node, 0), batch);
    }

    /** The batches the next answers acknowledge, in order, until {@code seq} is among them. */
    List<Acked> ackedUpTo(long seq) throws InterruptedException {
      List<Acked> out = new ArrayList<>();
      while (out.isEmpty() || out.get(out.size() - 1).seq() < seq) {
        LinkProtocol.Reader r = next(LinkProtocol.ACK);
        for (int k = r.int32(); k > 0; k--) {
          long acked = r.int64();
          int[] counts = new int[r.int32()];
          for (int i = 0; i < counts.length; i++) {
            counts[i] = r.int32();
          }
          out.add(new Acked(acked, counts));
        }
      }
      return out;
    }

    /** The next answer, read up to its kind-specific part. */
    LinkProtocol.Reader next(byte kind) throws InterruptedException {
      Buffer answer = answers.poll(10, TimeUnit.SECONDS);
      assertNotNull(answer, "an answer");
      LinkProtocol.Reader r = new LinkProtocol.Reader(answer);
      assertEquals(LinkProtocol.MAGIC, r.int32());
      assertEquals(LinkProtocol.VERSION, r.u8());
      assertEquals(kind, r.u8());
      assertEquals(0, r.u8(), "lane");
      r.int64(); // link
      r.str(); // from
      return r;
    }

    @Override
    public void close() throws Exception {
      consumer.unregister().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** A batch an answer acknowledged, with the page counts of its DELIVER frames. */
  private record Acked(long seq, int[] counts) {
  }

  private static Page userHomedAt(RouterVerticle home, String prefix) {
    RestClient rest = new RestClient("http://127.0.0.1:" + home.actualPort(), TestRouter.DOMAIN, TestRouter.APIKEY);
    for (int i = 0; ; i++) {
      Page p = rest.login(prefix + i);
      if (p.ticket().startsWith(home.cluster().id() + ".")) {
        return p;
      }
    }
  }

  /** The next {@code n} message bodies the page gets, over as many polls as it takes. */
  private static List<String> nextBodies(Page page, int n) {
    List<String> got = new ArrayList<>();
    while (got.size() < n) {
      got.addAll(page.poll().bodies());
    }
    return got;
  }

  private static Buffer batch(long link, String from, long seq, Page to, String body, boolean waited) {
    Packet packet = Packet.message(body, "bob", "Bob", to.user(), 1L, "unicast", body, "");
    Buffer batch = LinkProtocol.newBatch(0, link, from);
    batch.appendBuffer(LinkProtocol.deliver(TestRouter.DOMAIN, packet, List.of(to.user()), null, null));
    LinkProtocol.seal(batch, seq, 1, waited ? LinkProtocol.ACK_NOW : 0);
    return batch;
  }

  @Test
  void aBatchSentTwiceIsAppliedOnceAndAcknowledgedTheSame() throws Exception {
    RouterVerticle home = routers.get(0);
    Page alice = userHomedAt(home, "alice");
    try (Sender sender = new Sender("a-node-that-resends")) {
      Buffer batch = batch(99L, sender.name, 1, alice, "once", false);
      sender.send(batch, home.cluster().id());
      List<Acked> first = sender.ackedUpTo(1); // nobody waits: it comes when the hold time is up
      sender.send(batch, home.cluster().id());
      List<Acked> again = sender.ackedUpTo(1);
      for (List<Acked> ack : List.of(first, again)) {
        assertEquals(1, ack.size(), "batch 1 alone");
        assertEquals(1L, ack.get(0).seq());
        assertEquals(List.of(1), Arrays.stream(ack.get(0).counts()).boxed().toList(),
            "one DELIVER frame, queued on alice's page");
      }
      assertEquals(List.of("once"), alice.poll().bodies(), "queued once");
    }
  }

  @Test
  void aBatchAfterAGapWaitsForTheMissingOne() throws Exception {
    RouterVerticle home = routers.get(0);
    Page carol = userHomedAt(home, "carol");
    try (Sender sender = new Sender("a-node-that-lost-a-batch")) {
      String node = home.cluster().id();
      sender.send(batch(5L, sender.name, 1, carol, "m1", true), node);
      sender.send(batch(5L, sender.name, 3, carol, "m3", true), node); // 2 was lost on the way
      sender.send(batch(5L, sender.name, 2, carol, "m2", true), node); // the sender goes back to 2 ...
      sender.send(batch(5L, sender.name, 3, carol, "m3", true), node); // ... and sends everything after it again
      List<Long> acked = sender.ackedUpTo(3).stream().map(Acked::seq).toList();
      assertEquals(List.of(1L, 2L, 3L), acked, "3 was not applied before 2");
      List<String> got = nextBodies(carol, 3);
      assertEquals(List.of("m1", "m2", "m3"), got, "each once, in order");
    }
  }

  @Test
  void batchesNobodyWaitsForAreAcknowledgedInOrderWithTheNextOneThatIsWaitedForAtTheLatest() throws Exception {
    RouterVerticle home = routers.get(0);
    Page dave = userHomedAt(home, "dave");
    try (Sender sender = new Sender("a-node-that-sends-without-waiting")) {
      String node = home.cluster().id();
      sender.send(batch(8L, sender.name, 1, dave, "n1", false), node);
      sender.send(batch(8L, sender.name, 2, dave, "n2", false), node);
      sender.send(batch(8L, sender.name, 3, dave, "n3", true), node);
      List<Acked> acked = sender.ackedUpTo(3);
      assertEquals(List.of(1L, 2L, 3L), acked.stream().map(Acked::seq).toList(), "each once, in order");
      for (Acked a : acked) {
        assertEquals(List.of(1), Arrays.stream(a.counts()).boxed().toList(), "queued on dave's page");
      }
      List<String> got = nextBodies(dave, 3);
      assertEquals(List.of("n1", "n2", "n3"), got);
    }
  }

  @Test
  void aBatchOfAnotherVersionIsRefusedWithTheReason() throws Exception {
    try (Sender sender = new Sender("a-newer-node")) {
      Buffer batch = LinkProtocol.newBatch(0, 7L, sender.name);
      batch.setByte(4, (byte) (LinkProtocol.VERSION + 1));
      LinkProtocol.seal(batch, 1, 0, (byte) 0);
      sender.send(batch, routers.get(0).cluster().id());
      String reason = sender.next(LinkProtocol.REFUSED).str();
      assertTrue(reason.contains("v" + (LinkProtocol.VERSION + 1)) && reason.contains("v" + LinkProtocol.VERSION),
          reason);

      // A node of version 1 sent its batches as requests: it gets the reason as a failed request.
      batch.setByte(4, (byte) 1);
      ExecutionException e = assertThrows(ExecutionException.class, () -> sender.vertx.eventBus()
          .request(ClusterNode.laneAddress(routers.get(0).cluster().id(), 0), batch)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      ReplyException refused = assertInstanceOf(ReplyException.class, e.getCause());
      assertEquals(LinkProtocol.VERSION_MISMATCH, refused.failureCode());
      assertTrue(refused.getMessage().contains("v1 refused"), refused.getMessage());
    }
  }

  @Test
  void aGreetingOfAnotherVersionIsRefused() {
    Vertx vertx = cluster.members().get(1).vertx();
    DeliveryOptions hello = new DeliveryOptions().addHeader("op", "hello"); // version 1 sent no version
    ExecutionException e = assertThrows(ExecutionException.class, () -> vertx.eventBus()
        .request(ClusterNode.controlAddress(routers.get(0).cluster().id()), Buffer.buffer("an-old-node"), hello)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    ReplyException refused = assertInstanceOf(ReplyException.class, e.getCause());
    assertEquals(LinkProtocol.VERSION_MISMATCH, refused.failureCode());
    assertTrue(refused.getMessage().contains("v1 refused: this node speaks v" + LinkProtocol.VERSION),
        refused.getMessage());
  }
}
