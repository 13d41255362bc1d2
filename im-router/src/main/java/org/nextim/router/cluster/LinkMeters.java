package org.nextim.router.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What this node's link to one peer carries, as Prometheus series tagged {@code peer}: frames, batches
 * and bytes sent, batches sent again, acknowledgements received, and the lag (how long the oldest
 * unacknowledged batch has waited).
 * Removed when the peer leaves, so a cluster's churn leaves no stale series behind.
 */
final class LinkMeters {

  private final MeterRegistry registry;
  final Counter frames;
  final Counter batches;
  final Counter bytes;
  final Counter resends;
  final Counter acks;
  private final Gauge lag;

  <T> LinkMeters(MeterRegistry registry, String peer, T link, ToDoubleFunction<T> lagSeconds) {
    this.registry = registry;
    Tags tags = Tags.of("peer", peer);
    frames = Counter.builder("nextim.link.frames").description("Frames sent to a peer node").tags(tags)
        .register(registry);
    batches = Counter.builder("nextim.link.batches").description("Batches sent to a peer node (each one event-bus message)")
        .tags(tags).register(registry);
    bytes = Counter.builder("nextim.link.bytes").baseUnit("bytes").description("Bytes of batches sent to a peer node")
        .tags(tags).register(registry);
    resends = Counter.builder("nextim.link.resends").description("Batches sent again: not acknowledged in time")
        .tags(tags).register(registry);
    acks = Counter.builder("nextim.link.acks")
        .description("Acknowledgements received from a peer node (each one event-bus message, for one batch or several)")
        .tags(tags).register(registry);
    lag = Gauge.builder("nextim.link.lag", link, lagSeconds).baseUnit("seconds")
        .description("How long the oldest unacknowledged batch to a peer node has waited").tags(tags)
        .register(registry);
  }

  void remove() {
    for (Meter m : List.<Meter>of(frames, batches, bytes, resends, acks, lag)) {
      registry.remove(m);
    }
  }
}
