package org.nextim.router.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Answers that must not wait longer than one fixed time: a future not complete by then fails with the
 * given error. Every wait has the same length, so they expire in the order they began: one queue and one
 * timer at a time serve them all. A {@code Future.timeout} per wait would cost a timer each — and for a
 * future completed off any event loop (the count of a delivery to another node), Vert.x runs that timer on
 * Netty's one global executor thread, woken twice per wait.
 */
final class ReplyDeadlines {

  private record Wait(long deadline, Promise<?> answer, Supplier<? extends Throwable> error) {
  }

  private final Vertx vertx;
  private final long withinMs;
  private final long withinNanos;
  private final ConcurrentLinkedQueue<Wait> waits = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean timerSet = new AtomicBoolean();

  ReplyDeadlines(Vertx vertx, long withinMs) {
    this.vertx = vertx;
    this.withinMs = withinMs;
    this.withinNanos = TimeUnit.MILLISECONDS.toNanos(withinMs);
  }

  /** {@code result}, or a failure with {@code error} if it is not complete within the fixed time. */
  <T> Future<T> within(Future<T> result, Supplier<? extends Throwable> error) {
    if (result.isComplete()) {
      return result;
    }
    Promise<T> answer = Promise.promise();
    result.onComplete(answer::tryComplete, answer::tryFail);
    waits.add(new Wait(System.nanoTime() + withinNanos, answer, error));
    if (timerSet.compareAndSet(false, true)) {
      vertx.setTimer(withinMs, id -> expire());
    }
    return answer.future();
  }

  private void expire() {
    long now = System.nanoTime();
    Wait w;
    while ((w = waits.peek()) != null && now - w.deadline() >= 0) {
      waits.poll();
      if (!w.answer().future().isComplete()) {
        w.answer().tryFail(w.error().get());
      }
    }
    timerSet.set(false);
    Wait next = waits.peek();
    if (next != null && timerSet.compareAndSet(false, true)) {
      vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(next.deadline() - now) + 1), id -> expire());
    }
  }
}
