package org.nextim.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.nextim.gateway.ApiError;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code nextim_gateway_router_call_seconds{call, outcome}}: each call to the router, retries included,
 * from the first attempt to its answer. Outcomes: {@code ok}, {@code unavailable} (503 or no answer in
 * time, after the retries), {@code unreachable} (no connection), {@code rejected} (the router refused
 * the call: a dead ticket, a rate limit, a bad parameter). The calls are the router's few paths; their
 * timers are made at the first call and kept.
 */
public final class RouterCallMetrics {

  static final String[] OUTCOMES = {"ok", "unavailable", "unreachable", "rejected"};

  private final MeterRegistry registry;
  private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

  RouterCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records a call of {@code path} (e.g. {@code /messages}) that took {@code nanos}; {@code failure} null: ok. */
  public void record(String path, long nanos, Throwable failure) {
    timers.computeIfAbsent(path, this::timersOf)[outcome(failure)].record(nanos, TimeUnit.NANOSECONDS);
  }

  private static int outcome(Throwable failure) {
    if (failure == null) {
      return 0;
    }
    if (failure instanceof ApiError e) {
      return e.status() == 503 ? 1 : e.status() == 502 ? 2 : 3;
    }
    return 2;
  }

  private Timer[] timersOf(String path) {
    String call = path.startsWith("/") ? path.substring(1) : path;
    Timer[] out = new Timer[OUTCOMES.length];
    for (int i = 0; i < OUTCOMES.length; i++) {
      out[i] = Timer.builder("nextim.gateway.router.call").description("Calls to the router, retries included")
          .tag("call", call).tag("outcome", OUTCOMES[i]).register(registry);
    }
    return out;
  }
}
