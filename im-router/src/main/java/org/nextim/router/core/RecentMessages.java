package org.nextim.router.core;

import io.vertx.core.Future;

import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * <p>The hash is keyed with a random per-process seed. Two ids of one user colliding within 20 s (a chance of
 * about 2<sup>-58</sup> per message) would make the second look like a retry of the first; only the sender's
 * own message is concerned.
 */
final class RecentMessages {

  static final int MAX = 64;
  /**
   * How long a message's outcome is kept for a retry of its call: longer than a caller waits and retries
   * (the router answers within its 10 s request timeout, the gateway retries once after 2 s).
   */
  static final long KEEP_NS = TimeUnit.SECONDS.toNanos(20);
  private static final int FIRST_CAPACITY = 8;
  private static final long SEED = new SecureRandom().nextLong();

  /** Calls in flight and failed ones, in the order they were sent. */
  private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(4, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Open> eldest) {
      return size() > MAX;
    }
  };

  /** A call in flight or failed, with its id's hash for the ring once it succeeds. */
  private record Open(Future<Integer> outcome, long hash, long atNs) {
  }

  // Delivered outcomes: a ring, oldest at head, in the order they were settled.
  private long[] hashes = new long[FIRST_CAPACITY];
  private int[] counts = new int[FIRST_CAPACITY];
  private long[] settledNs = new long[FIRST_CAPACITY];
  private int head;
  private int size;

  /**
   * The outcome of an earlier call of message {@code id}, or null after keeping {@code outcome} as this
   * id's: it is kept as it is until it succeeds, then as its count.
   */
  synchronized Future<Integer> firstOrKeep(String id, Future<Integer> outcome, long nowNs) {
    long hash = hash(id);
    Future<Integer> first = find(id, hash, nowNs);
    if (first != null) {
      return first;
    }
    open.put(id, new Open(outcome, hash, nowNs));
    outcome.onSuccess(count -> settled(id, outcome, count));
    return null;
  }

  /** The outcome of message {@code id} if it was sent lately, else null. */
  synchronized Future<Integer> outcome(String id, long nowNs) {
    return find(id, hash(id), nowNs);
  }

  private Future<Integer> find(String id, long hash, long nowNs) {
    expire(nowNs);
    Open call = open.get(id);
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
    open.remove(id);
  }

  private synchronized void settled(String id, Future<Integer> outcome, int count) {
    Open call = open.get(id);
    if (call == null || call.outcome() != outcome) {
      return; // forgotten, or expired while in flight
    }
    open.remove(id);
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
    long atNs = size == 0 ? call.atNs() : Math.max(call.atNs(), settledNs[(head + size - 1) % hashes.length]);
    hashes[slot] = call.hash();
    counts[slot] = count;
    settledNs[slot] = atNs;
    size++;
  }

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

  /** 64 bits of the id: FNV-1a over its chars from a random seed, then MurmurHash3's finaliser. */
  private static long hash(String id) {
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
