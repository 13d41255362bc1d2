package org.nextim.router.core;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The outcomes of one user's latest messages by id, so that a retried {@code /messages} call (its caller
 * never heard the answer) gets the first outcome instead of sending the message again. Kept for
 * {@link #KEEP_NS} and at most {@link #MAX} of each kind below.
 *
 * <p>Built for the garbage collector. Outcomes live ~20 s: longer than a young collection's interval, so
 * as objects (a map entry, the id, a future and a boxed count: ~160 B a message) they were the bulk of what
 * every young collection copied, several times each, at a busy node (docs/benchmarks.md, "The latency
 * tail"). So a delivered outcome is kept as a 64-bit hash of its id and its count in three primitive ring
 * arrays: no object a message. Only calls still in flight, and the rare failures, are kept as futures.
 *
 * <p>The outcomes move with the user on a planned stop ({@link #handOver}, {@link #adopt}): a call that the
 * old home ran, retried at the new one, still gets the first outcome. So the hash's seed is the same on
 * every node. Two ids of one user colliding within 20 s (a chance of about 2<sup>-58</sup> per message)
 * would make the second look like a retry of the first; only the sender's own message is concerned, so
 * an id chosen to collide harms nobody but its sender.
 */
final class RecentMessages {

  /**
   * Outcomes kept per user, of each kind, at most: twice what 20 s at the default limit of a user's
   * messages bring (20 a second after a burst of 120: 520; {@code ROUTER_LIMIT_USER_MESSAGES}), so that a
   * retry within {@link #KEEP_NS} finds its outcome. (64 kept 3 s of a user sending at that limit: in the
   * rolling restart at 2,000 msg/s, calls retried 2 s later at the sender's new home went out twice.) The
   * arrays grow as the user sends (20 B an outcome): a user sending a message a minute keeps 8 slots.
   */
  static final int MAX = 1024;
  /**
   * How long a message's outcome is kept for a retry of its call: longer than a caller waits and retries
   * (the router answers within its 10 s request timeout, the gateway retries once after 2 s).
   */
  static final long KEEP_NS = TimeUnit.SECONDS.toNanos(20);
  private static final int FIRST_CAPACITY = 8;
  private static final long SEED = 0x5f3759df_9e3779b9L;

  /** Calls in flight and failed ones, by their id's hash, in the order they were sent. */
  private final LinkedHashMap<Long, Open> open = new LinkedHashMap<>(4, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Open> eldest) {
      return size() > MAX;
    }
  };

  /**
   * A call in flight or failed; {@code learnt} is set for a call the user's previous home ran, whose
   * outcome that node sends when it knows it ({@link #learn}).
   */
  private record Open(Future<Integer> outcome, long atNs, Promise<Integer> learnt) {
  }

  // Delivered outcomes: a ring, oldest at head, in the order they were settled.
  private long[] hashes = new long[FIRST_CAPACITY];
  private int[] counts = new int[FIRST_CAPACITY];
  private long[] settledNs = new long[FIRST_CAPACITY];
  private int head;
  private int size;

  /** After a handoff: where what is learnt here from now on goes (the user's new home); null before. */
  private Consumer<Handoff.Outcome> handedTo;
  /** What was learnt after the handoff and before its frame went out; null once it went. */
  private List<Handoff.Outcome> held;

  /**
   * The outcome of an earlier call of message {@code id}, or null after keeping {@code outcome} as this
   * id's: it is kept as it is until it succeeds, then as its count.
   */
  synchronized Future<Integer> firstOrKeep(String id, Future<Integer> outcome, long nowNs) {
    long hash = hash(id);
    Future<Integer> first = find(hash, nowNs);
    if (first != null) {
      return first;
    }
    tell(new Handoff.Outcome(hash, Handoff.Outcome.PENDING, 0)); // before its count, if it has one already
    keepOpen(hash, new Open(outcome, nowNs, null));
    return null;
  }

  private void keepOpen(long hash, Open call) {
    open.put(hash, call);
    call.outcome().onSuccess(count -> settled(hash, call, count));
  }

  /** The outcome of message {@code id} if it was sent lately, else null. */
  synchronized Future<Integer> outcome(String id, long nowNs) {
    return find(hash(id), nowNs);
  }

  private Future<Integer> find(long hash, long nowNs) {
    expire(nowNs);
    Open call = open.get(hash);
    if (call != null) {
      return call.outcome();
    }
    for (int i = 0, slot = head; i < size; i++, slot = next(slot)) {
      if (hashes[slot] == hash) {
        return Future.succeededFuture(counts[slot]);
      }
    }
    return null;
  }

  /** Forgets message {@code id}: it was refused, and a corrected call is a new message. */
  synchronized void forget(String id) {
    long hash = hash(id);
    if (open.remove(hash) != null) {
      tell(new Handoff.Outcome(hash, Handoff.Outcome.FORGOTTEN, 0));
    }
  }

  private synchronized void settled(long hash, Open call, int count) {
    if (open.get(hash) != call) {
      return; // forgotten, or expired while in flight
    }
    open.remove(hash);
    keepSettled(hash, count, call.atNs());
    tell(new Handoff.Outcome(hash, count, 0));
  }

  private void keepSettled(long hash, int count, long atNs) {
    if (size == hashes.length) {
      if (size < MAX) {
        grow();
      } else {
        head = next(head);
        size--;
      }
    }
    int slot = (head + size) % hashes.length;
    // Kept from when it was sent, but never before the one settled last: the ring stays in time order.
    long at = size == 0 ? atNs : Math.max(atNs, settledNs[(head + size - 1) % hashes.length]);
    hashes[slot] = hash;
    counts[slot] = count;
    settledNs[slot] = at;
    size++;
  }

  // ---- a planned stop: the outcomes go with the user ----

  /**
   * The user is handed to another node: returns the outcomes known now (in flight: {@link
   * Handoff.Outcome#PENDING}) for the handoff, and from now on tells {@code later} what it learns (a call
   * in flight settled, or one still run here) — held until {@link #handOffSent}, so that nothing of it
   * reaches the new home before the handoff.
   */
  synchronized List<Handoff.Outcome> handOver(Consumer<Handoff.Outcome> later, long nowNs) {
    expire(nowNs);
    List<Handoff.Outcome> out = new ArrayList<>(size + open.size());
    for (int i = 0, slot = head; i < size; i++, slot = next(slot)) {
      out.add(new Handoff.Outcome(hashes[slot], counts[slot], TimeUnit.NANOSECONDS.toMillis(nowNs - settledNs[slot])));
    }
    open.forEach((hash, call) -> {
      if (!call.outcome().failed()) {
        out.add(new Handoff.Outcome(hash, call.outcome().succeeded() ? call.outcome().result() : Handoff.Outcome.PENDING,
            TimeUnit.NANOSECONDS.toMillis(nowNs - call.atNs())));
      }
    });
    handedTo = later;
    held = new ArrayList<>(2);
    return out;
  }

  /** The handoff went out: what was learnt since goes on now, and from now on at once. */
  synchronized void handOffSent() {
    List<Handoff.Outcome> release = held;
    held = null;
    if (release != null && handedTo != null) {
      release.forEach(handedTo);
    }
  }

  private void tell(Handoff.Outcome outcome) {
    if (handedTo == null) {
      return;
    }
    if (held != null) {
      held.add(outcome);
    } else {
      handedTo.accept(outcome); // under this monitor: the new home hears them in the order they happened
    }
  }

  /** The outcomes a handoff brought from the user's previous home. */
  synchronized void adopt(List<Handoff.Outcome> outcomes, long nowNs) {
    for (Handoff.Outcome o : outcomes) {
      learn(o, nowNs - TimeUnit.MILLISECONDS.toNanos(o.ageMs()), nowNs);
    }
  }

  /** An outcome the user's previous home learnt after the handoff (see {@link #handOver}). */
  synchronized void learn(Handoff.Outcome o, long nowNs) {
    learn(o, nowNs, nowNs);
  }

  private void learn(Handoff.Outcome o, long atNs, long nowNs) {
    if (nowNs - atNs > KEEP_NS) {
      return;
    }
    Open call = open.get(o.idHash());
    if (o.count() == Handoff.Outcome.FORGOTTEN) {
      if (call != null && call.learnt() != null) {
        open.remove(o.idHash());
        call.learnt().tryFail(RouterError.unavailable("the message was refused; send it again"));
      }
    } else if (o.count() == Handoff.Outcome.PENDING) {
      if (find(o.idHash(), nowNs) == null) {
        Promise<Integer> learnt = Promise.promise();
        keepOpen(o.idHash(), new Open(learnt.future(), atNs, learnt));
      }
    } else if (call != null && call.learnt() != null) {
      call.learnt().tryComplete(o.count()); // settles it, as its own call would have
    } else if (find(o.idHash(), nowNs) == null) {
      keepSettled(o.idHash(), o.count(), atNs);
    }
  }

  // ----

  private void expire(long nowNs) {
    while (size > 0 && nowNs - settledNs[head] > KEEP_NS) {
      head = next(head);
      size--;
    }
    Iterator<Open> oldest = open.values().iterator();
    while (oldest.hasNext() && nowNs - oldest.next().atNs() > KEEP_NS) {
      oldest.remove();
    }
  }

  private void grow() {
    int capacity = hashes.length * 2;
    long[] h = new long[capacity];
    int[] c = new int[capacity];
    long[] t = new long[capacity];
    for (int i = 0, slot = head; i < size; i++, slot = next(slot)) {
      h[i] = hashes[slot];
      c[i] = counts[slot];
      t[i] = settledNs[slot];
    }
    hashes = h;
    counts = c;
    settledNs = t;
    head = 0;
  }

  private int next(int slot) {
    return slot + 1 == hashes.length ? 0 : slot + 1;
  }

  /** 64 bits of the id: FNV-1a over its chars from the seed, then MurmurHash3's finaliser. */
  static long hash(String id) {
    long h = SEED ^ 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * 0x100000001b3L;
    }
    h ^= id.length();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
