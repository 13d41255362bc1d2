package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.PollReply;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few hundred users, each with a poll loop that keeps its cursor, exchanging unicast messages with
 * unique ids: every message must arrive once at its recipient, none lost, none duplicated.
 */
@ExtendWith(VertxExtension.class)
class ManyUsersTest {

  private static final int USERS = 300;
  private static final int MESSAGES_EACH = 10;

  @Test
  @Timeout(30)
  void threeHundredUsersLoseAndDuplicateNothing(Vertx vertx) throws Exception {
    TestRouter router = TestRouter.start(vertx, TestRouter.defaults()
        .setPollTimeoutMs(1000).setIdleTimeoutMs(10_000).setPageBuffer(1000));
    RestClient rest = router.rest();

    List<CompletableFuture<Page>> logins = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      String name = "u" + i;
      logins.add(CompletableFuture.supplyAsync(() -> rest.login(name)));
    }
    List<Page> pages = new ArrayList<>();
    for (CompletableFuture<Page> f : logins) {
      pages.add(RestClient.await(f));
    }

    int total = USERS * MESSAGES_EACH;
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    Map<String, String> expectedRecipient = new ConcurrentHashMap<>();
    CountDownLatch allReceived = new CountDownLatch(total);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> problem = new AtomicReference<>();

    for (Page page : pages) {
      pollLoop(page, received, allReceived, stop, problem);
    }

    Random random = new Random(42);
    List<CompletableFuture<Void>> senders = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      Page from = pages.get(i);
      List<String[]> plan = new ArrayList<>();
      for (int k = 0; k < MESSAGES_EACH; k++) {
        int to = random.nextInt(USERS - 1);
        if (to >= i) {
          to++;
        }
        String id = "m-" + i + "-" + k;
        plan.add(new String[] {"u" + to, id});
        expectedRecipient.put(id, "u" + to);
      }
      senders.add(sendInTurn(from, plan, 0, problem));
    }
    CompletableFuture.allOf(senders.toArray(new CompletableFuture[0])).get(25, TimeUnit.SECONDS);

    boolean complete = allReceived.await(20, TimeUnit.SECONDS);
    stop.set(true);
    assertEquals(null, problem.get());

    int delivered = 0;
    for (Map.Entry<String, AtomicInteger> e : received.entrySet()) {
      assertEquals(1, e.getValue().get(), "message " + e.getKey() + " arrived more than once");
      delivered++;
    }
    List<String> lost = new ArrayList<>(expectedRecipient.keySet());
    lost.removeAll(received.keySet());
    assertTrue(lost.isEmpty(), "lost " + lost.size() + " messages, e.g. " + lost.subList(0, Math.min(10, lost.size())));
    assertTrue(complete);
    assertEquals(total, delivered);
    received.keySet().forEach(id -> assertTrue(expectedRecipient.containsKey(id), "unexpected message " + id));
  }

  /** Polls again as soon as a reply is in, with the reply's cursor, until told to stop. */
  private static void pollLoop(Page page, Map<String, AtomicInteger> received, CountDownLatch allReceived,
                               AtomicBoolean stop, AtomicReference<String> problem) {
    if (stop.get()) {
      return;
    }
    page.pollAsync().whenComplete((PollReply r, Throwable err) -> {
      if (stop.get()) {
        return;
      }
      if (err != null) {
        problem.compareAndSet(null, page.user() + " poll failed: " + err);
        return;
      }
      if (r.httpStatus() != 200 || !"ok".equals(r.status())) {
        problem.compareAndSet(null, page.user() + " poll answered " + r);
        return;
      }
      for (JsonObject m : r.messages()) {
        if (!page.user().equals(m.getString("to"))) {
          problem.compareAndSet(null, page.user() + " got a message for " + m.getString("to"));
        }
        received.computeIfAbsent(m.getString("id"), k -> new AtomicInteger()).incrementAndGet();
        allReceived.countDown();
      }
      pollLoop(page, received, allReceived, stop, problem);
    });
  }

  /** One user's messages, one after the other (a user types one message at a time). */
  private static CompletableFuture<Void> sendInTurn(Page from, List<String[]> plan, int index,
                                                    AtomicReference<String> problem) {
    if (index == plan.size()) {
      return CompletableFuture.completedFuture(null);
    }
    String[] next = plan.get(index);
    return from.rest().postAsync("/messages", "ticket", from.ticket(), "to", next[0],
            "body", "hello " + next[1], "id", next[1])
        .thenCompose((Reply r) -> {
          if (r.status() != 200) {
            problem.compareAndSet(null, "send " + next[1] + " answered " + r);
          }
          return sendInTurn(from, plan, index + 1, problem);
        });
  }
}
