package org.nextim.router.core;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * One browser page (one ticket) on this node: its packet queue with cursors, and the poll it may hold.
 *
 * <p>Packets get consecutive cursors 1, 2, 3… in the order they are queued. The queue keeps every packet
 * the page has not acknowledged (a poll's cursor acknowledges all up to it; a poll without cursor
 * acknowledges the previous reply), at most {@code bufferLimit}; older ones fall off, which a later poll
 * sees as overflow.
 *
 * <p>Thread-safety: every field is guarded by {@code this}; answers are written outside the lock, on the
 * poll's own event loop. The lock is the innermost one of the router: nothing is called under it that
 * takes another lock.
 */
public final class Page {

  private final String ticket;
  private final User user;
  private final int bufferLimit;
  private final Vertx vertx;
  private final Handler<Void> flushTask = v -> flush();
  /** This page's rate limits (see {@link Limits}). */
  final SendBuckets sends = new SendBuckets();

  private long seq;
  private ArrayDeque<Packet> queue;
  private long lastReplied;
  private HeldPoll poll;
  /** The held poll's cursor, fixed when it arrived (a cursor ahead of the sequence is clamped then). */
  private long pollCursor;
  private long pollTimer = -1;
  private boolean flushScheduled;
  private boolean ended;
  /** Handed to another node: polls that still come here get an empty answer and are sent there next. */
  private boolean moved;
  /** When the page last stopped holding a poll (nanoTime); read by the idle sweep without the lock. */
  private volatile long idleSince;
  private volatile boolean holding;
  /**
   * A new page whose login is not answered yet: its browser cannot poll before it has the ticket, so
   * the idle clock waits for the answer (which waits until every node heard of the login).
   */
  private volatile boolean loginUnanswered;

  Page(String ticket, User user, int bufferLimit, Vertx vertx, Collection<Packet> initial) {
    this.ticket = ticket;
    this.user = user;
    this.bufferLimit = bufferLimit;
    this.vertx = vertx;
    this.idleSince = System.nanoTime();
    if (!initial.isEmpty()) {
      queue = new ArrayDeque<>(initial);
      while (queue.size() > bufferLimit) {
        queue.pollFirst();
      }
      seq = initial.size();
    }
  }

  /** A page handed over from another node, as it was there. */
  Page(Handoff.PageState state, User user, int bufferLimit, Vertx vertx) {
    this(state.ticket(), user, bufferLimit, vertx, List.of());
    if (!state.queue().isEmpty()) {
      queue = new ArrayDeque<>(state.queue());
    }
    seq = state.seq();
    lastReplied = state.lastReplied();
  }

  public String ticket() {
    return ticket;
  }

  /** Whether a poll is held open on this page now (read without the lock, for metrics). */
  public boolean holdsPoll() {
    return holding;
  }

  public User user() {
    return user;
  }

  /** Queues a packet; returns 1 if queued, 0 if the page has ended. */
  int offer(Packet packet) {
    HeldPoll toWake = null;
    synchronized (this) {
      if (ended) {
        return 0;
      }
      if (queue == null) {
        queue = new ArrayDeque<>(4);
      }
      queue.addLast(packet);
      seq++;
      if (queue.size() > bufferLimit) {
        queue.pollFirst();
        user.meters().overflow();
      }
      if (poll != null && !flushScheduled) {
        flushScheduled = true;
        toWake = poll;
      }
    }
    if (toWake != null) {
      // Answer on the poll's event loop, after the current task: packets queued by the same call
      // (a fan-out, a login's presences) go out in one reply.
      toWake.context().runOnContext(flushTask);
    }
    return 1;
  }

  /**
   * A poll arrives. Answers at once when packets after its cursor are queued, else holds it until a
   * packet comes or {@code timeoutMs} passes. A poll already held is answered empty (superseded).
   * Must be called on {@code poll.context()}.
   */
  public void hold(HeldPoll newPoll, long timeoutMs) {
    boolean wasEnded;
    HeldPoll superseded = null;
    PollReply supersededReply = null;
    PollReply now = null;
    synchronized (this) {
      wasEnded = ended;
      if (moved) {
        long c = newPoll.cursor() < 0 ? lastReplied : newPoll.cursor();
        now = new PollReply(c, false, List.of());
      } else if (!wasEnded) {
        if (poll != null) {
          superseded = poll;
          poll = null;
          cancelTimer();
          supersededReply = new PollReply(pollCursor, false, List.of());
          lastReplied = supersededReply.cursor();
        }
        long cursor = effectiveCursor(newPoll);
        acknowledge(cursor);
        if (seq > cursor || cursor < firstSeq() - 1) {
          now = collect(newPoll, cursor);
        } else {
          poll = newPoll;
          pollCursor = cursor;
          holding = true;
          pollTimer = vertx.setTimer(timeoutMs, id -> timeout(newPoll));
        }
      }
    }
    if (superseded != null) {
      HeldPoll old = superseded;
      PollReply r = supersededReply;
      old.context().runOnContext(v -> old.answer(r));
    }
    if (wasEnded) {
      newPoll.pageEnded();
    } else if (now != null) {
      newPoll.answer(now);
    }
  }

  /** The poll's connection closed before an answer: the page is no longer held. */
  public void pollClosed(HeldPoll closed) {
    synchronized (this) {
      if (poll != closed) {
        return;
      }
      cancelTimer();
      poll = null;
      markIdle();
    }
  }

  /**
   * Ends the page: a held poll is told so, and the packets it had not acknowledged are returned (the
   * caller hands them to the user's grace buffer when this was the user's last page).
   */
  List<Packet> end() {
    HeldPoll held;
    List<Packet> unacknowledged;
    synchronized (this) {
      if (ended) {
        return List.of();
      }
      ended = true;
      held = poll;
      poll = null;
      holding = false;
      cancelTimer();
      unacknowledged = queue == null ? List.of() : new ArrayList<>(queue);
      queue = null;
    }
    if (held != null) {
      held.pageEnded();
    }
    return unacknowledged;
  }

  /**
   * Hands the page over to another node: its state as it is now; a held poll is answered with what it
   * has, and later polls that still come here get an empty answer. Null if the page had ended.
   */
  Handoff.PageState moveOut() {
    HeldPoll held;
    Handoff.PageState state;
    synchronized (this) {
      if (ended || moved) {
        return null;
      }
      moved = true;
      state = new Handoff.PageState(ticket, seq, queue == null ? List.of() : new ArrayList<>(queue), lastReplied);
      held = poll;
    }
    if (held != null) {
      held.context().runOnContext(flushTask);
    }
    return state;
  }

  /** Answers a held poll now with what is queued (possibly nothing): the node is shutting down. */
  void release() {
    HeldPoll held;
    synchronized (this) {
      held = poll;
      if (held == null || ended) {
        return;
      }
    }
    held.context().runOnContext(flushTask);
  }

  /**
   * Starts the page's idle clock again: this node itself stood still (a GC pause, a stopped VM), so the
   * browser had no chance to poll it.
   */
  void restartIdleClock(long nowNanos) {
    idleSince = nowNanos;
  }

  /** Stops the idle clock until {@link #loginAnswered}: the page of a login that is being answered. */
  void awaitLoginAnswer() {
    loginUnanswered = true;
  }

  /** The login that opened this page is answered: the browser has the ticket, the idle clock starts. */
  void loginAnswered() {
    idleSince = System.nanoTime();
    loginUnanswered = false;
  }

  /** True when no poll has been held since {@code idleNanos} ago: the page is dropped. */
  boolean idle(long nowNanos, long idleNanos) {
    return !holding && !loginUnanswered && nowNanos - idleSince > idleNanos;
  }

  private void flush() {
    HeldPoll p;
    PollReply reply;
    synchronized (this) {
      flushScheduled = false;
      p = poll;
      if (p == null) {
        return;
      }
      reply = collect(p, pollCursor);
    }
    p.answer(reply);
  }

  private void timeout(HeldPoll timedOut) {
    PollReply reply;
    synchronized (this) {
      if (poll != timedOut) {
        return;
      }
      pollTimer = -1;
      reply = collect(timedOut, pollCursor);
    }
    timedOut.answer(reply);
  }

  /** Builds the answer for {@code p} from the queue and releases the poll. Caller holds the lock. */
  private PollReply collect(HeldPoll p, long cursor) {
    long first = firstSeq();
    boolean overflow = cursor < first - 1;
    List<Packet> packets;
    if (seq > cursor && queue != null && !queue.isEmpty()) {
      long skip = Math.max(0, cursor - first + 1);
      packets = new ArrayList<>((int) (queue.size() - skip));
      long i = 0;
      for (Packet packet : queue) {
        if (i++ >= skip) {
          packets.add(packet);
        }
      }
    } else {
      packets = Collections.emptyList();
    }
    if (poll == p) {
      poll = null;
      cancelTimer();
    }
    PollReply reply = new PollReply(overflow || !packets.isEmpty() ? seq : cursor, overflow, packets);
    lastReplied = reply.cursor();
    markIdle();
    return reply;
  }

  private long effectiveCursor(HeldPoll p) {
    return p.cursor() < 0 ? lastReplied : Math.min(p.cursor(), seq);
  }

  /** Drops the packets up to {@code cursor}: the page has them. */
  private void acknowledge(long cursor) {
    if (queue == null) {
      return;
    }
    long first = firstSeq();
    for (long s = first; s <= cursor && !queue.isEmpty(); s++) {
      queue.pollFirst();
    }
  }

  private long firstSeq() {
    return seq - (queue == null ? 0 : queue.size()) + 1;
  }

  private void cancelTimer() {
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
      pollTimer = -1;
    }
  }

  private void markIdle() {
    holding = poll != null;
    if (!holding) {
      idleSince = System.nanoTime();
    }
  }
}
