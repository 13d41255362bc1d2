package org.nextim.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * Multicast figures beyond the per-delivery counts of {@link DeliverySummary}.
 *
 * @param expectedDeliveries (message, member) pairs the accepted messages should reach: members - 1 each
 * @param completeMessages accepted messages that reached every member
 * @param completeMicros intended send time to the arrival at the last member, per complete message
 */
public record FanoutStats(long expectedDeliveries, long completeMessages, Histogram completeMicros) {

  public FanoutStats merge(FanoutStats o) {
    if (o == null) {
      return this;
    }
    Histogram h = completeMicros.copy();
    h.add(o.completeMicros);
    return new FanoutStats(expectedDeliveries + o.expectedDeliveries, completeMessages + o.completeMessages, h);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("expected_deliveries", expectedDeliveries)
        .put("complete_messages", completeMessages)
        .put("complete_latency_ms", LatencySummary.toJson(completeMicros));
  }
}
