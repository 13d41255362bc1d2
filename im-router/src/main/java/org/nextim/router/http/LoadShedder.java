package org.nextim.router.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Refuses new work while this node's event loops run late, so that the work already here (held polls,
 * queued packets, acknowledgements) is still served in time. Overload shows as lag: a request waits in
 * its connection until the event loop comes round to it, and a loop that fires a timer late by
 * {@code maxLag} makes every page on it wait that long for its next poll. Past the page's idle timeout
 * the page expires with its queue; refusing the calls that add load first (messages, typing notices,
 * logins: 503 {@code unavailable}, retryable, {@code Retry-After: 1}) keeps that from happening, and
 * the senders retry once the node has caught up. Polls, logouts and the rest are never refused.
 *
 * <p>Each event loop runs a probe ({@link #watch}): a timer every {@value #PERIOD_MS} ms that measures
 * how late it fires. A probe that finds more than {@code maxLag} marks the node overloaded for
 * {@value #HOLD_MS} ms. Not in its first {@code warmUp} after the start: a node that has just started
 * runs late while it loads its classes and compiles, with nothing queued yet; refusing then would only
 * turn a restart in a rolling deploy into 503s. The check on the hot path ({@link #shedding}) is one volatile read and a clock
 * read; no lock.
 */
public final class LoadShedder {

  private static final Logger log = LoggerFactory.getLogger(LoadShedder.class);
  /** At most one log line per this long, however often the node sheds. */
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** How often each event loop's probe fires. */
  static final long PERIOD_MS = 50;
  /** How long one late probe keeps the node refusing new work (and what {@code Retry-After} says). */
  static final long HOLD_MS = 1_000;

  /** Never sheds. */
  public static final LoadShedder OFF = new LoadShedder(0, 0, null);

  private final long maxLagNanos;
  private final long countsFrom;
  private final Counter shed;
  /** nanoTime until which the node sheds; written by every probe, read by every call. */
  private volatile long sheddingUntil;
  private volatile long lastLagNanos;
  private volatile boolean stopped;
  private volatile long loggedAt = System.nanoTime() - LOG_EVERY_NANOS;

  /**
   * {@code maxLagMs} 0: off. Lag counts from {@code warmUpMs} after now. Registers its series in
   * {@code registry} (null: none).
   */
  public LoadShedder(long maxLagMs, long warmUpMs, MeterRegistry registry) {
    this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMs);
    this.sheddingUntil = System.nanoTime();
    this.countsFrom = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmUpMs);
    if (registry != null) {
      Gauge.builder("nextim.event.loop.lag", this, s -> s.lastLagNanos / 1e9).baseUnit("seconds")
          .description("How late the latest probe timer fired on an event loop (the time a request waits in line)")
          .register(registry);
      shed = Counter.builder("nextim.calls.shed")
          .description("Calls refused 503 because the node's event loops ran late (messages, typing, logins)")
          .register(registry);
    } else {
      shed = null;
    }
  }

  /** Starts a probe on the event loop of the calling verticle; call from each HTTP server's start. */
  public void watch(Vertx vertx) {
    if (maxLagNanos <= 0) {
      return;
    }
    arm(vertx, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
  }

  private void arm(Vertx vertx, long due) {
    if (stopped) {
      return;
    }
    vertx.setTimer(PERIOD_MS, id -> {
      long now = System.nanoTime();
      long lag = Math.max(0, now - due);
      lastLagNanos = lag;
      if (lag > maxLagNanos && now - countsFrom >= 0) {
        sheddingUntil = now + TimeUnit.MILLISECONDS.toNanos(HOLD_MS);
        if (now - loggedAt > LOG_EVERY_NANOS) {
          loggedAt = now;
          log.warn("an event loop ran {} ms late (limit {} ms): refusing messages, typing notices and logins "
              + "503 for {} ms; {} refused so far", TimeUnit.NANOSECONDS.toMillis(lag),
              TimeUnit.NANOSECONDS.toMillis(maxLagNanos), HOLD_MS, shed == null ? "?" : (long) shed.count());
        }
      }
      arm(vertx, now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
    });
  }

  /** Ends the probes (they stop at their next tick). */
  public void stop() {
    stopped = true;
  }

  /** Whether new work is refused now. */
  public boolean shedding() {
    return maxLagNanos > 0 && System.nanoTime() - sheddingUntil < 0;
  }

  /** Counts one refused call. */
  void counted() {
    if (shed != null) {
      shed.increment();
    }
  }

  /** Seconds a refused caller should wait. */
  static long retryAfterSeconds() {
    return TimeUnit.MILLISECONDS.toSeconds(HOLD_MS);
  }
}
