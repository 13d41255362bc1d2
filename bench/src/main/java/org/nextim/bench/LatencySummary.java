package org.nextim.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/** Histograms in microseconds, reported in milliseconds. */
public final class LatencySummary {

  private LatencySummary() {
  }

  /** Up to 10 minutes with 3 significant digits: ample for a bounded run. */
  public static Histogram newHistogram() {
    return new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  }

  public static void recordMicros(Histogram h, long micros) {
    h.recordValue(Math.max(0, Math.min(micros, h.getHighestTrackableValue())));
  }

  /** Count, mean and percentiles in milliseconds (3 decimals); zeros when empty. */
  public static JsonObject toJson(Histogram h) {
    long n = h.getTotalCount();
    return new JsonObject()
        .put("count", n)
        .put("mean", n == 0 ? 0.0 : ms(h.getMean()))
        .put("p50", ms(n == 0 ? 0 : h.getValueAtPercentile(50)))
        .put("p90", ms(n == 0 ? 0 : h.getValueAtPercentile(90)))
        .put("p99", ms(n == 0 ? 0 : h.getValueAtPercentile(99)))
        .put("p999", ms(n == 0 ? 0 : h.getValueAtPercentile(99.9)))
        .put("max", ms(n == 0 ? 0 : h.getMaxValue()));
  }

  private static double ms(double micros) {
    return Math.round(micros) / 1000.0;
  }
}
