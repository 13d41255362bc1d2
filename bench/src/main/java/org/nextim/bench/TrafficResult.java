package org.nextim.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one shard's (or, merged, a process's) messages did.
 *
 * @param deliveries the ledger's accounting
 * @param postLatencyMicros POST issued to its answer
 * @param ackDeliveredZero accepted with {@code ack=1} yet reported as reaching no page
 * @param postErrors failed POSTs by HTTP status, or "connection" for resets and timeouts
 * @param foreignMessages message packets without an id of this run (no id, or a late warm-up message)
 * @param noTicket scheduled messages not sent because the sender was between tickets (part of skipped)
 * @param firstSendNanos when the first message was sent
 * @param lastSendNanos when the last message was sent
 * @param fanout multicast figures, null for unicast
 */
public record TrafficResult(DeliverySummary deliveries, Histogram postLatencyMicros, long ackDeliveredZero,
                            Map<String, Long> postErrors, long foreignMessages, long noTicket,
                            long firstSendNanos, long lastSendNanos, FanoutStats fanout) {

  public TrafficResult(DeliverySummary deliveries, Histogram postLatencyMicros, long ackDeliveredZero,
                       Map<String, Long> postErrors, long foreignMessages, long noTicket,
                       long firstSendNanos, long lastSendNanos) {
    this(deliveries, postLatencyMicros, ackDeliveredZero, postErrors, foreignMessages, noTicket, firstSendNanos,
        lastSendNanos, null);
  }

  public TrafficResult merge(TrafficResult o) {
    Histogram h = postLatencyMicros.copy();
    h.add(o.postLatencyMicros);
    Map<String, Long> errors = new TreeMap<>(postErrors);
    o.postErrors.forEach((k, v) -> errors.merge(k, v, Long::sum));
    return new TrafficResult(deliveries.merge(o.deliveries), h, ackDeliveredZero + o.ackDeliveredZero, errors,
        foreignMessages + o.foreignMessages, noTicket + o.noTicket,
        Math.min(firstSendNanos, o.firstSendNanos), Math.max(lastSendNanos, o.lastSendNanos),
        fanout == null ? o.fanout : fanout.merge(o.fanout));
  }

  /** POSTs per second over the sending window. */
  public double sentPerSecond() {
    long window = lastSendNanos - firstSendNanos;
    return window <= 0 ? 0 : (deliveries.posted() - 1) * 1e9 / window;
  }

  public JsonObject toJson() {
    JsonObject errors = new JsonObject();
    postErrors.forEach(errors::put);
    return new JsonObject()
        .put("sent_per_second", Math.round(sentPerSecond() * 10) / 10.0)
        .put("send_window_ms", (lastSendNanos - firstSendNanos) / 1_000_000)
        .put("messages", deliveries.toJson())
        .put("post_latency_ms", LatencySummary.toJson(postLatencyMicros))
        .put("ack_delivered_zero", ackDeliveredZero)
        .put("post_errors", errors)
        .put("foreign_message_packets", foreignMessages)
        .put("skipped_sender_without_ticket", noTicket)
        .put("fanout", fanout == null ? null : fanout.toJson());
  }
}
