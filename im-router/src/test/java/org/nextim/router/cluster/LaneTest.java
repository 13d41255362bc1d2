package org.nextim.router.cluster;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lane's sending end, on a local event bus standing in for the peer: a batch asks to be acknowledged at
 * once only when somebody waits for it, one answer can acknowledge several batches, and a waiter hurries
 * batches whose acknowledgements the peer may hold.
 */
@Timeout(30)
class LaneTest {

  private static final String ADDRESS = "test.lane";
  private static final long LINK = 5L;

  private Vertx vertx;
  private Lane lane;
  private final BlockingQueue<Buffer> sent = new LinkedBlockingQueue<>();

  /** A batch as the peer reads its header. */
  private record Sent(long seq, int frames, boolean ackNow) {
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().<Buffer>consumer(ADDRESS, m -> sent.add(m.body()))
        .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    lane = new Lane(vertx, "self", "peer", ADDRESS, 0, LINK, new LinkMeters(registry, "peer", this, t -> 0));
  }

  @AfterEach
  void stop() throws Exception {
    lane.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Sent next() throws InterruptedException {
    Buffer b = sent.poll(10, TimeUnit.SECONDS);
    assertNotNull(b, "a batch");
    LinkProtocol.Reader r = new LinkProtocol.Reader(b);
    assertEquals(LinkProtocol.MAGIC, r.int32());
    assertEquals(LinkProtocol.VERSION, r.u8());
    r.u8(); // lane
    assertEquals(LINK, r.int64());
    long seq = r.int64();
    int frames = r.int32();
    assertEquals("self", r.str());
    return new Sent(seq, frames, r.u8() == LinkProtocol.ACK_NOW);
  }

  /** The peer acknowledges batches {@code from..to}, each with one count. */
  private void ack(long from, long to, int count) {
    Buffer answer = LinkProtocol.acks(0, LINK, "peer");
    for (long seq = from; seq <= to; seq++) {
      LinkProtocol.appendAck(answer, seq, new int[] {count});
    }
    LinkProtocol.sealAcks(answer, (int) (to - from + 1));
    LinkProtocol.Reader r = new LinkProtocol.Reader(answer);
    r.int32();
    r.u8();
    r.u8();
    r.u8();
    r.int64();
    r.str();
    lane.onAcks(r);
  }

  private static LinkProtocol.Frame frame() {
    return LinkProtocol.encoded(LinkProtocol.marker(LinkProtocol.READY));
  }

  @Test
  void aBatchAsksForAnAcknowledgementAtOnceOnlyWhenSomebodyWaits() throws Exception {
    Promise<Integer> later = Promise.promise();
    lane.add(frame(), later, false);
    assertEquals(new Sent(1, 1, false), next());
    Promise<Integer> now = Promise.promise();
    lane.add(frame(), now, true);
    assertEquals(new Sent(2, 1, true), next(), "an ack=1 call's count");

    ack(1, 2, 3); // one answer for both
    assertEquals(3, later.future().result());
    assertEquals(3, now.future().result());
    lane.add(frame(), null, false);
    assertEquals(new Sent(3, 1, false), next(), "the next one is not waited for again");
  }

  @Test
  void aWaiterHurriesBatchesThePeerMayHold() throws Exception {
    lane.add(frame(), null, false);
    assertEquals(new Sent(1, 1, false), next());
    Future<Void> applied = lane.acked();
    assertEquals(new Sent(2, 0, true), next(), "an empty batch, waited for, follows the held one");
    assertFalse(applied.isComplete());
    ack(1, 2, 0);
    assertTrue(applied.succeeded());
  }

  @Test
  void aWaiterForABatchAcknowledgedAtOnceSendsNothingMore() throws Exception {
    Promise<Integer> now = Promise.promise();
    lane.add(frame(), now, true);
    assertEquals(new Sent(1, 1, true), next());
    Future<Void> applied = lane.acked();
    ack(1, 1, 1);
    assertTrue(applied.succeeded());
    lane.add(frame(), null, false);
    assertEquals(new Sent(2, 1, false), next(), "no empty batch before it: the peer answered at once anyway");
  }

  @Test
  void atMostAWindowOfWaitedBatchesTravelsTheRestWaitsInTheOpenBatch() throws Exception {
    for (int i = 0; i < Lane.WAITED_WINDOW + 3; i++) {
      lane.add(frame(), Promise.promise(), true);
    }
    for (int i = 1; i <= Lane.WAITED_WINDOW; i++) {
      assertEquals(new Sent(i, 1, true), next());
    }
    ack(1, 1, 1);
    assertEquals(new Sent(Lane.WAITED_WINDOW + 1, 3, true), next(),
        "nothing went while the window of waited batches was full; then what waited goes in one batch");
  }
}
