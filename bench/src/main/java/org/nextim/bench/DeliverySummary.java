package org.nextim.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * Counts over all messages of a run (one shard, or all shards merged).
 *
 * @param scheduled messages the open-loop schedule called for
 * @param skipped scheduled but not sent because the in-flight limit was reached
 * @param posted POSTs issued
 * @param accepted POSTs answered 200
 * @param rejected POSTs answered with an error or failed on the connection
 * @param unanswered POSTs with no answer by the end of the run
 * @param delivered distinct messages that reached their recipient's page
 * @param lost accepted but never delivered by the end of the grace window
 * @param unansweredUndelivered unanswered and never delivered (may be lost, may be merely slow)
 * @param duplicates deliveries beyond the first of the same message to the same page
 * @param misrouted deliveries of a bench message to a page that was not its recipient
 * @param unknownIds deliveries whose id the generator never issued
 * @param latencyMicros intended send time to delivery, first delivery of each message
 */
public record DeliverySummary(long scheduled, long skipped, long posted, long accepted, long rejected,
                              long unanswered, long delivered, long lost, long unansweredUndelivered,
                              long duplicates, long misrouted, long unknownIds, Histogram latencyMicros) {

  public DeliverySummary merge(DeliverySummary o) {
    Histogram h = latencyMicros.copy();
    h.add(o.latencyMicros);
    return new DeliverySummary(scheduled + o.scheduled, skipped + o.skipped, posted + o.posted,
        accepted + o.accepted, rejected + o.rejected, unanswered + o.unanswered, delivered + o.delivered,
        lost + o.lost, unansweredUndelivered + o.unansweredUndelivered, duplicates + o.duplicates,
        misrouted + o.misrouted, unknownIds + o.unknownIds, h);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("scheduled", scheduled)
        .put("skipped_in_flight_limit", skipped)
        .put("posted", posted)
        .put("accepted", accepted)
        .put("rejected", rejected)
        .put("unanswered", unanswered)
        .put("delivered", delivered)
        .put("lost", lost)
        .put("unanswered_undelivered", unansweredUndelivered)
        .put("duplicates", duplicates)
        .put("misrouted", misrouted)
        .put("unknown_ids", unknownIds)
        .put("latency_ms", LatencySummary.toJson(latencyMicros));
  }
}
