package org.nextim.bench;

/** What a traffic shard needs of its message accounting, unicast ({@link DeliveryLedger}) or multicast ({@link FanoutLedger}). */
public interface Ledger {

  /** A scheduled message the generator did not send. */
  void skipped();

  /** The server accepted the message. */
  void accepted(long id);

  /** The send failed. */
  void rejected(long id);

  /** A packet with this id reached page {@code page} at {@code nowNanos}. */
  void delivered(long id, int page, long nowNanos);

  /** Whether every accepted message has reached every page it should (lets the grace window end early). */
  boolean allAcceptedDelivered();

  DeliverySummary summary();

  /** Fan-out figures; null for unicast. */
  default FanoutStats fanout() {
    return null;
  }
}
