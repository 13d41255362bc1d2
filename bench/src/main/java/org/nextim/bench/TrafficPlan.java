package org.nextim.bench;

/**
 * The messages one shard sends.
 *
 * @param startNanos {@link System#nanoTime()} of the first message (shared by all shards of a process)
 * @param perSecond this shard's share of the rate
 * @param durationNanos how long messages are sent
 * @param graceNanos how long after the last send deliveries are still awaited before the rest are lost
 * @param ack send {@code ack=1}
 * @param maxInFlight POSTs without an answer beyond which scheduled messages are skipped (and counted)
 * @param bodyBytes message body length
 */
public record TrafficPlan(long startNanos, double perSecond, long durationNanos, long graceNanos,
                          boolean ack, int maxInFlight, int bodyBytes) {
}
