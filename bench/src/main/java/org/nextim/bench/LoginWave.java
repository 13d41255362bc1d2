package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * Logs a list of pages in with at most {@code concurrency} logins in flight, starting each page's poll
 * loop as soon as its ticket arrives (a page that does not poll within the router's idle timeout is
 * dropped, so polling cannot wait for the whole wave). A retryable refusal (503, as an overloaded or
 * starting node answers) is asked again after its {@code retry_after}, as the gateway does, up to
 * {@link #MAX_ATTEMPTS} times. Runs on one event loop.
 */
public final class LoginWave {

  /** How the wave went; times are wall-clock epoch milliseconds so processes can be lined up. */
  public record Result(int ok, int failed, int retried, long startedAtMs, long endedAtMs, Histogram latencyMicros) {

    public double perSecond() {
      long ms = Math.max(1, endedAtMs - startedAtMs);
      return ok * 1000.0 / ms;
    }

    /** Two waves run side by side (shards, or processes) seen as one. */
    public Result merge(Result o) {
      Histogram h = latencyMicros.copy();
      h.add(o.latencyMicros);
      return new Result(ok + o.ok, failed + o.failed, retried + o.retried, Math.min(startedAtMs, o.startedAtMs),
          Math.max(endedAtMs, o.endedAtMs), h);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("ok", ok)
          .put("failed", failed)
          .put("retried", retried)
          .put("started_at_ms", startedAtMs)
          .put("ended_at_ms", endedAtMs)
          .put("per_second", Math.round(perSecond() * 10) / 10.0)
          .put("latency_ms", LatencySummary.toJson(latencyMicros));
    }
  }

  /** Tries per page, the first included, while the router answers 503. */
  static final int MAX_ATTEMPTS = 5;

  private static final Logger log = LoggerFactory.getLogger(LoginWave.class);

  private final Vertx vertx;

  private final List<PageSession> pages;
  private final int concurrency;
  private final Function<PageSession, Future<String>> login;
  private final Histogram latency = LatencySummary.newHistogram();
  private final Promise<Result> done = Promise.promise();

  private int next;
  private int inFlight;
  private int ok;
  private int failed;
  private int retried;
  private long startedAtMs;

  /**
   * @param login the call that logs one page in and yields its ticket
   */
  public LoginWave(Vertx vertx, List<PageSession> pages, int concurrency,
      Function<PageSession, Future<String>> login) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1");
    }
    this.vertx = vertx;
    this.pages = pages;
    this.concurrency = concurrency;
    this.login = login;
  }

  public Future<Result> run() {
    startedAtMs = System.currentTimeMillis();
    if (pages.isEmpty()) {
      finish();
    } else {
      fill();
    }
    return done.future();
  }

  private void fill() {
    while (inFlight < concurrency && next < pages.size()) {
      inFlight++;
      attempt(pages.get(next++), 1, System.nanoTime());
    }
  }

  private void attempt(PageSession page, int attempt, long t0) {
    login.apply(page).onComplete(ar -> {
      if (ar.failed() && attempt < MAX_ATTEMPTS && ar.cause() instanceof RouterClient.RouterReplyException e
          && e.retryable()) {
        retried++;
        vertx.setTimer(e.retryAfterMs(), id -> attempt(page, attempt + 1, t0));
        return;
      }
      inFlight--;
      if (ar.succeeded()) {
        ok++;
        LatencySummary.recordMicros(latency, (System.nanoTime() - t0) / 1000);
        page.start(ar.result());
      } else {
        failed++;
        if (failed <= 5) {
          log.warn("login of {} failed: {}", page.name(), ar.cause().toString());
        }
      }
      if (next < pages.size()) {
        fill();
      } else if (inFlight == 0) {
        finish();
      }
    });
  }

  private void finish() {
    done.tryComplete(new Result(ok, failed, retried, startedAtMs, System.currentTimeMillis(), latency));
  }
}
