package org.nextim.router.cluster;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lane receiver's acknowledgements to one sender: held until released together, kept for a batch sent again. */
class HeldAcksTest {

  private record Ack(long seq, int[] counts) {
  }

  /** The batches an answer acknowledges, in order, with their counts. */
  private static List<Ack> read(Buffer answer) {
    LinkProtocol.Reader r = new LinkProtocol.Reader(answer);
    assertEquals(LinkProtocol.MAGIC, r.int32());
    assertEquals(LinkProtocol.VERSION, r.u8());
    assertEquals(LinkProtocol.ACK, r.u8());
    assertEquals(2, r.u8(), "lane");
    assertEquals(77L, r.int64(), "link");
    assertEquals("receiver", r.str());
    int k = r.int32();
    List<Ack> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      long seq = r.int64();
      int[] counts = new int[r.int32()];
      for (int j = 0; j < counts.length; j++) {
        counts[j] = r.int32();
      }
      out.add(new Ack(seq, counts));
    }
    assertFalse(r.more(), "nothing after the acknowledgements");
    return out;
  }

  @Test
  void heldAcknowledgementsGoTogetherInOrderWithTheirCounts() {
    HeldAcks acks = new HeldAcks(2, "receiver", 77L);
    assertNull(acks.release(), "nothing held yet");
    assertFalse(acks.applied(new int[] {1}));
    assertFalse(acks.applied(new int[] {0, 2}));
    assertFalse(acks.applied(new int[] {}));
    List<Ack> answer = read(acks.release());
    assertEquals(List.of(1L, 2L, 3L), answer.stream().map(Ack::seq).toList());
    assertArrayEquals(new int[] {1}, answer.get(0).counts());
    assertArrayEquals(new int[] {0, 2}, answer.get(1).counts());
    assertArrayEquals(new int[] {}, answer.get(2).counts());
    assertEquals(4L, acks.expected());
    assertNull(acks.release(), "nothing held any more");
  }

  @Test
  void itSaysWhenItHoldsEnough() {
    HeldAcks acks = new HeldAcks(2, "receiver", 77L);
    for (int i = 1; i < HeldAcks.AT_MOST; i++) {
      assertFalse(acks.applied(new int[] {i}), "full early");
    }
    assertTrue(acks.applied(new int[] {0}), "full at " + HeldAcks.AT_MOST);
    List<Ack> answer = read(acks.release());
    assertEquals(HeldAcks.AT_MOST, answer.size());
    assertEquals(1L, answer.get(0).seq());
    assertEquals(HeldAcks.AT_MOST, answer.get(HeldAcks.AT_MOST - 1).seq());
    assertFalse(acks.applied(new int[] {1}), "empty again after the release");
  }

  @Test
  void aBatchSentAgainGetsTheSameAcknowledgement() {
    HeldAcks acks = new HeldAcks(2, "receiver", 77L);
    acks.applied(new int[] {3});
    acks.applied(new int[] {4});
    // The sender sent batch 1 again while both were held: it waits, so everything held goes now.
    assertEquals(List.of(1L, 2L), read(acks.again(1)).stream().map(Ack::seq).toList());
    // Sent again after that: batch 2 alone, with the counts it had.
    List<Ack> again = read(acks.again(2));
    assertEquals(List.of(2L), again.stream().map(Ack::seq).toList());
    assertArrayEquals(new int[] {4}, again.get(0).counts());
    assertNull(acks.release(), "nothing held");
  }

  @Test
  void aBatchTooOldToBeKeptGetsNoAnswer() {
    HeldAcks acks = new HeldAcks(2, "receiver", 77L);
    for (int i = 0; i < 3 * Lane.WINDOW; i++) {
      acks.applied(new int[] {1});
      acks.release();
    }
    assertNull(acks.again(1), "forgotten: the sender has long had its acknowledgement");
    assertNotNull(acks.again(3L * Lane.WINDOW));
  }
}
