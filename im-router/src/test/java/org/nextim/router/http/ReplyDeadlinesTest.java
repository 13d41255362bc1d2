package org.nextim.router.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waits of one fixed length, served by one queue: each ends with its result or, in time, the error. */
@Timeout(30)
class ReplyDeadlinesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aResultInTimeIsTheAnswerAndALateOneIsTheError() throws Exception {
    ReplyDeadlines deadlines = new ReplyDeadlines(vertx, 200);
    Promise<Integer> prompt = Promise.promise();
    Promise<Integer> late = Promise.promise();
    long started = System.nanoTime();
    Future<Integer> a = deadlines.within(prompt.future(), () -> new IllegalStateException("slow"));
    Future<Integer> b = deadlines.within(late.future(), () -> new IllegalStateException("slow"));
    prompt.complete(3);
    assertEquals(3, await(a));
    Throwable e = b.toCompletionStage().toCompletableFuture().handle((v, t) -> t).get(10, TimeUnit.SECONDS);
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals("slow", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    assertTrue(waited >= 200 && waited < 2_000, "failed after its deadline, not long after: " + waited + " ms");
    late.complete(1); // too late: the answer stays the error
    assertTrue(b.failed());
  }

  @Test
  void aCompleteResultIsReturnedAsItIs() {
    Future<String> done = Future.succeededFuture("x");
    assertSame(done, new ReplyDeadlines(vertx, 100).within(done, IllegalStateException::new));
  }

  @Test
  void manyWaitsExpireInOrderWithOneTimerAtATime() throws Exception {
    ReplyDeadlines deadlines = new ReplyDeadlines(vertx, 100);
    List<Future<Integer>> waits = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      waits.add(deadlines.within(Promise.<Integer>promise().future(), () -> new IllegalStateException("slow")));
    }
    Future.join(waits).toCompletionStage().toCompletableFuture().handle((v, t) -> null).get(10, TimeUnit.SECONDS);
    assertTrue(waits.stream().allMatch(Future::failed), "every wait ended");
    // A wait that begins after the others expired gets its own deadline.
    Promise<Integer> later = Promise.promise();
    Future<Integer> w = deadlines.within(later.future(), () -> new IllegalStateException("slow"));
    later.complete(7);
    assertEquals(7, await(w));
  }
}
