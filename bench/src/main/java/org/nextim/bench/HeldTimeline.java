package org.nextim.bench;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples of how many polls were held, with wall-clock times so that the samples of several generator
 * processes can be added up at the instant the router's memory was measured. Written by the sampling
 * thread, read by the main thread.
 */
public final class HeldTimeline {

  /** One sample: epoch milliseconds and polls held. */
  public record Sample(long atMs, long held) {
  }

  private final List<Sample> samples = new ArrayList<>();

  public synchronized void add(long atMs, long held) {
    samples.add(new Sample(atMs, held));
  }

  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Lowest count among samples taken in [fromMs, toMs]; -1 when there are none. */
  public synchronized long minBetween(long fromMs, long toMs) {
    return samples.stream().filter(s -> s.atMs >= fromMs && s.atMs <= toMs)
        .mapToLong(Sample::held).min().orElse(-1);
  }

  public synchronized long maxBetween(long fromMs, long toMs) {
    return samples.stream().filter(s -> s.atMs >= fromMs && s.atMs <= toMs)
        .mapToLong(Sample::held).max().orElse(-1);
  }

  /** The count at {@code atMs}: the latest sample taken at or before it, or -1. */
  public static long heldAt(List<Sample> samples, long atMs) {
    long held = -1;
    for (Sample s : samples) {
      if (s.atMs <= atMs) {
        held = s.held;
      }
    }
    return held;
  }

  /** {@code [[epoch_ms, held], ...]} */
  public synchronized JsonArray toJson() {
    JsonArray out = new JsonArray();
    samples.forEach(s -> out.add(new JsonArray().add(s.atMs).add(s.held)));
    return out;
  }

  public static List<Sample> fromJson(JsonArray json) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      JsonArray a = json.getJsonArray(i);
      out.add(new Sample(a.getLong(0), a.getLong(1)));
    }
    return out;
  }
}
