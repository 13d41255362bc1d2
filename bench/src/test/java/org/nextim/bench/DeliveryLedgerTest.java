package org.nextim.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryLedgerTest {

  private static final long MS = 1_000_000L;

  @Test
  void countsDeliveredLostDuplicatedAndMisrouted() {
    DeliveryLedger ledger = new DeliveryLedger(0, 1);
    long a = ledger.register(1, 0);          // delivered once
    long b = ledger.register(2, 0);          // delivered twice
    long c = ledger.register(3, 0);          // accepted, never delivered: lost
    long d = ledger.register(4, 0);          // rejected: not lost
    long e = ledger.register(5, 0);          // no POST answer, not delivered
    long f = ledger.register(6, 0);          // delivered to the wrong page, then to the right one
    for (long id : new long[] {a, b, c, f}) {
      ledger.accepted(id);
    }
    ledger.rejected(d);
    ledger.delivered(a, 1, 5 * MS);
    ledger.delivered(b, 2, 10 * MS);
    ledger.delivered(b, 2, 11 * MS);
    ledger.delivered(f, 7, 20 * MS);
    ledger.delivered(f, 6, 30 * MS);
    ledger.delivered(999, 1, 30 * MS);       // never issued
    ledger.skipped();

    DeliverySummary s = ledger.summary();
    assertEquals(7, s.scheduled());
    assertEquals(1, s.skipped());
    assertEquals(6, s.posted());
    assertEquals(4, s.accepted());
    assertEquals(1, s.rejected());
    assertEquals(1, s.unanswered());
    assertEquals(3, s.delivered());
    assertEquals(1, s.lost());
    assertEquals(1, s.unansweredUndelivered());
    assertEquals(1, s.duplicates());
    assertEquals(1, s.misrouted());
    assertEquals(1, s.unknownIds());
    assertEquals(3, s.latencyMicros().getTotalCount());
    assertEquals(5000, s.latencyMicros().getMinValue(), 5);
    assertEquals(30_000, s.latencyMicros().getMaxValue(), 30); // first delivery to the right page
  }

  @Test
  void deliveryBeforeThePostReplyStillCounts() {
    DeliveryLedger ledger = new DeliveryLedger(0, 1);
    long id = ledger.register(0, 0);
    ledger.delivered(id, 0, MS);
    assertTrue(ledger.allAcceptedDelivered()); // delivered settles it even with the POST unanswered
    ledger.accepted(id);
    DeliverySummary s = ledger.summary();
    assertEquals(1, s.delivered());
    assertEquals(0, s.lost());
  }

  @Test
  void knowsWhenEveryAcceptedMessageHasArrived() {
    DeliveryLedger ledger = new DeliveryLedger(0, 1);
    assertTrue(ledger.allAcceptedDelivered());
    long a = ledger.register(0, 0);
    long b = ledger.register(1, 0);
    assertFalse(ledger.allAcceptedDelivered());
    ledger.delivered(a, 0, MS);
    assertFalse(ledger.allAcceptedDelivered());
    ledger.rejected(b);
    assertTrue(ledger.allAcceptedDelivered());
    ledger.register(0, 0);
    assertFalse(ledger.allAcceptedDelivered());
  }

  @Test
  void shardsHandOutDisjointIds() {
    DeliveryLedger s0 = new DeliveryLedger(0, 3);
    DeliveryLedger s2 = new DeliveryLedger(2, 3);
    long a = s0.register(0, 0);
    long b = s0.register(0, 0);
    long c = s2.register(0, 0);
    assertEquals(0, a);
    assertEquals(3, b);
    assertEquals(2, c);
    assertNotEquals(a, c);
    s0.delivered(c, 0, MS); // another shard's id is unknown here, not a delivery
    assertEquals(1, s0.summary().unknownIds());
    assertEquals(0, s0.summary().delivered());
    assertThrows(IllegalArgumentException.class, () -> new DeliveryLedger(3, 3));
  }

  @Test
  void growsPastItsInitialCapacityAndMergesShards() {
    DeliveryLedger a = new DeliveryLedger(0, 2);
    DeliveryLedger b = new DeliveryLedger(1, 2);
    for (int i = 0; i < 5000; i++) {
      long id = a.register(i % 10, 0);
      a.accepted(id);
      a.delivered(id, i % 10, MS);
      long other = b.register(1, 0);
      b.accepted(other);
    }
    DeliverySummary m = a.summary().merge(b.summary());
    assertEquals(10_000, m.posted());
    assertEquals(5000, m.delivered());
    assertEquals(5000, m.lost());
    assertEquals(5000, m.latencyMicros().getTotalCount());
    assertEquals(5000, m.toJson().getJsonObject("latency_ms").getLong("count"));
  }
}
