package org.nextim.router.core;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page's queue and cursor rules, through a recording transport instead of HTTP. */
class PageTest {

  private static final long LONG = 60_000;

  /** A poll that records its answer. */
  private static final class RecordingPoll implements HeldPoll {
    final long cursor;
    final Context context;
    final CompletableFuture<PollReply> answer = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    RecordingPoll(long cursor, Context context) {
      this.cursor = cursor;
      this.context = context;
    }

    @Override public long cursor() { return cursor; }
    @Override public Context context() { return context; }
    @Override public void answer(PollReply reply) { answer.complete(reply); }
    @Override public void pageEnded() { ended.complete(null); }

    PollReply reply() throws Exception {
      return answer.get(5, TimeUnit.SECONDS);
    }
  }

  private Vertx vertx;
  private Context context;
  private Page page;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    page = new Page("t1", new User("test.com", "alice"), 3, vertx, List.of());
  }

  @AfterEach
  void tearDown() {
    vertx.close();
  }

  private RecordingPoll poll(long cursor) throws Exception {
    RecordingPoll p = new RecordingPoll(cursor, context);
    // hold() must run on the poll's context, as the HTTP layer does.
    CompletableFuture<Void> held = new CompletableFuture<>();
    context.runOnContext(v -> {
      page.hold(p, LONG);
      held.complete(null);
    });
    held.get(5, TimeUnit.SECONDS);
    return p;
  }

  private static Packet msg(String body) {
    return Packet.message(body, "bob", "Bob", "alice", 1L, "unicast", body, "");
  }

  private static List<String> bodies(PollReply reply) {
    return reply.packets().stream().map(p -> p.toString().replaceAll(".*\"body\":\"([^\"]*)\".*", "$1")).toList();
  }

  @Test
  void heldPollIsAnsweredWithTheNextPacketAndItsCursor() throws Exception {
    RecordingPoll p = poll(0);
    assertFalse(p.answer.isDone());
    assertEquals(1, page.offer(msg("a")));
    PollReply reply = p.reply();
    assertEquals(List.of("a"), bodies(reply));
    assertEquals(1, reply.cursor());
  }

  @Test
  void anOlderCursorReplaysALostReply() throws Exception {
    page.offer(msg("a"));
    page.offer(msg("b"));
    assertEquals(List.of("a", "b"), bodies(poll(0).reply()));
    // The reply was lost: the same cursor gets the same packets again.
    PollReply again = poll(0).reply();
    assertEquals(List.of("a", "b"), bodies(again));
    assertEquals(2, again.cursor());
    // Acknowledging 1 leaves only b.
    assertEquals(List.of("b"), bodies(poll(1).reply()));
  }

  @Test
  void moreThanTheBufferAfterTheCursorIsAnOverflow() throws Exception {
    for (String b : List.of("a", "b", "c", "d")) {
      page.offer(msg(b));
    }
    PollReply reply = poll(0).reply();
    assertTrue(reply.overflow());
    assertEquals(List.of("b", "c", "d"), bodies(reply));
    assertEquals(4, reply.cursor());
    PollReply fromOne = poll(1).reply();
    assertFalse(fromOne.overflow(), "packet 2 onwards is still kept");
    assertEquals(List.of("b", "c", "d"), bodies(fromOne));
  }

  @Test
  void aCursorAheadOfTheSequenceMeansNothingIsMissing() throws Exception {
    page.offer(msg("a"));
    RecordingPoll ahead = poll(99);
    assertFalse(ahead.answer.isDone());
    page.offer(msg("b"));
    PollReply reply = ahead.reply();
    assertEquals(List.of("b"), bodies(reply));
    assertFalse(reply.overflow());
  }

  @Test
  void aPollWithoutCursorAcknowledgesThePreviousReply() throws Exception {
    page.offer(msg("a"));
    assertEquals(List.of("a"), bodies(poll(-1).reply()));
    page.offer(msg("b"));
    assertEquals(List.of("b"), bodies(poll(-1).reply()));
  }

  @Test
  void aSecondPollSupersedesTheFirstWithAnEmptyAnswerAtTheSameCursor() throws Exception {
    page.offer(msg("a"));
    poll(0).reply();
    RecordingPoll first = poll(1);
    RecordingPoll second = poll(1);
    PollReply superseded = first.reply();
    assertTrue(superseded.packets().isEmpty());
    assertEquals(1, superseded.cursor());
    page.offer(msg("b"));
    assertEquals(List.of("b"), bodies(second.reply()));
  }

  @Test
  void endingThePageTellsTheHeldPoll() throws Exception {
    RecordingPoll held = poll(0);
    assertTrue(page.end().isEmpty());
    held.ended.get(5, TimeUnit.SECONDS);
    assertEquals(0, page.offer(msg("a")), "an ended page takes nothing");
  }

  @Test
  void endingThePageReturnsWhatWasSentButNotAcknowledged() throws Exception {
    page.offer(msg("a"));
    page.offer(msg("b"));
    poll(0).reply();
    page.offer(msg("c"));
    assertEquals(3, page.end().size(), "a and b were sent but never acknowledged; c was never sent");
  }

  @Test
  void packetsQueuedInOneTaskGoOutInOneReply() throws Exception {
    RecordingPoll p = poll(0);
    CompletableFuture<Void> queued = new CompletableFuture<>();
    context.runOnContext(v -> {
      page.offer(msg("a"));
      page.offer(msg("b"));
      queued.complete(null);
    });
    queued.get(5, TimeUnit.SECONDS);
    assertEquals(List.of("a", "b"), bodies(p.reply()));
  }
}
