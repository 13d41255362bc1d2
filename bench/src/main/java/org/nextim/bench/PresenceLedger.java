package org.nextim.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * Presence churn accounting: users log in and out (transitions), and each transition must reach the pages
 * of a known set of buddies (those that stay online throughout) exactly once, as a presence of the
 * matching type. Presences from one user reach one page in the order of the transitions, so an arriving
 * presence is matched to the oldest transition of that user and type the page has not had yet. Pages and
 * users are shard-local indexes. Not thread-safe: one shard's event loop.
 */
public final class PresenceLedger {

  private static final byte CALL_PENDING = 0;
  private static final byte CALL_OK = 1;
  private static final byte CALL_FAILED = 2;

  private final Histogram latencyMicros = LatencySummary.newHistogram();

  private long[] intendedNanos = new long[1024];
  private int[] user = new int[1024];
  private boolean[] online = new boolean[1024];
  private byte[] call = new byte[1024];
  private int[][] expected = new int[1024][];
  private long[] reachedMask = new long[1024];
  private int size;
  /** Per user, the indexes of its transitions, oldest first. */
  private final int[][] byUser;
  private final int[] byUserSize;

  private long delivered;
  private long duplicates;
  private long unmatched;
  private long skipped;

  public PresenceLedger(int users) {
    byUser = new int[users][];
    byUserSize = new int[users];
  }

  /**
   * Records that {@code u} goes online (or offline) at {@code intendedAtNanos}; {@code expectedPages}
   * (at most 64) must each get one presence of it. Returns the transition's index.
   */
  public int transition(int u, boolean goesOnline, long intendedAtNanos, int[] expectedPages) {
    if (expectedPages.length > 64) {
      throw new IllegalArgumentException("at most 64 watched buddies per user");
    }
    if (size == user.length) {
      int n = size * 2;
      intendedNanos = Arrays.copyOf(intendedNanos, n);
      user = Arrays.copyOf(user, n);
      online = Arrays.copyOf(online, n);
      call = Arrays.copyOf(call, n);
      expected = Arrays.copyOf(expected, n);
      reachedMask = Arrays.copyOf(reachedMask, n);
    }
    int t = size++;
    intendedNanos[t] = intendedAtNanos;
    user[t] = u;
    online[t] = goesOnline;
    expected[t] = expectedPages;
    int[] list = byUser[u];
    if (list == null) {
      list = byUser[u] = new int[8];
    } else if (byUserSize[u] == list.length) {
      list = byUser[u] = Arrays.copyOf(list, list.length * 2);
    }
    list[byUserSize[u]++] = t;
    return t;
  }

  /** The login or logout call of transition {@code t} succeeded or failed (a failed one expects nothing). */
  public void callDone(int t, boolean ok) {
    call[t] = ok ? CALL_OK : CALL_FAILED;
  }

  /** A scheduled transition not made (every user was busy with a call). */
  public void skipped() {
    skipped++;
  }

  /** Page {@code page} received a presence of {@code from} going online (or offline) at {@code nowNanos}. */
  public void presence(int from, boolean goesOnline, int page, long nowNanos) {
    if (from < 0 || from >= byUser.length || byUser[from] == null) {
      unmatched++;
      return;
    }
    int[] list = byUser[from];
    boolean known = false;
    for (int i = 0; i < byUserSize[from]; i++) {
      int t = list[i];
      if (online[t] != goesOnline) {
        continue;
      }
      int slot = indexOf(expected[t], page);
      if (slot < 0) {
        continue;
      }
      known = true;
      long bit = 1L << slot;
      if ((reachedMask[t] & bit) == 0) {
        reachedMask[t] |= bit;
        delivered++;
        LatencySummary.recordMicros(latencyMicros, (nowNanos - intendedNanos[t]) / 1000);
        return;
      }
    }
    if (known) {
      duplicates++;
    } else {
      unmatched++;
    }
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /** Whether every successful transition has reached all its watched pages. */
  public boolean allDelivered() {
    for (int t = 0; t < size; t++) {
      if (call[t] != CALL_FAILED && Long.bitCount(reachedMask[t]) < expected[t].length) {
        return false;
      }
    }
    return true;
  }

  /** Transitions recorded. */
  public int size() {
    return size;
  }

  public Summary summary() {
    long ok = 0;
    long failed = 0;
    long pending = 0;
    long expectedTotal = 0;
    long lost = 0;
    for (int t = 0; t < size; t++) {
      int got = Long.bitCount(reachedMask[t]);
      switch (call[t]) {
        case CALL_OK -> {
          ok++;
          expectedTotal += expected[t].length;
          lost += expected[t].length - got;
        }
        case CALL_FAILED -> failed++;
        default -> pending++;
      }
    }
    return new Summary(size, ok, failed, pending, skipped, expectedTotal, delivered, lost, duplicates, unmatched,
        latencyMicros.copy());
  }

  /**
   * @param transitions logins and logouts issued
   * @param ok calls answered 200
   * @param failed calls failed
   * @param pending calls unanswered at the end
   * @param skipped scheduled but not issued (no idle user)
   * @param expected presences the successful transitions owe the watched pages
   * @param delivered of those, arrived (first time)
   * @param lost of those, never arrived
   * @param duplicates the same transition's presence again on the same page
   * @param unmatched presences of a watched user that match no transition (e.g. of the login wave)
   */
  public record Summary(long transitions, long ok, long failed, long pending, long skipped, long expected,
                        long delivered, long lost, long duplicates, long unmatched, Histogram latencyMicros) {

    public Summary merge(Summary o) {
      Histogram h = latencyMicros.copy();
      h.add(o.latencyMicros);
      return new Summary(transitions + o.transitions, ok + o.ok, failed + o.failed, pending + o.pending,
          skipped + o.skipped, expected + o.expected, delivered + o.delivered, lost + o.lost,
          duplicates + o.duplicates, unmatched + o.unmatched, h);
    }

    public io.vertx.core.json.JsonObject toJson() {
      return new io.vertx.core.json.JsonObject()
          .put("transitions", transitions).put("ok", ok).put("failed", failed).put("pending", pending)
          .put("skipped_no_idle_user", skipped).put("expected_presences", expected)
          .put("delivered_presences", delivered).put("lost_presences", lost).put("duplicate_presences", duplicates)
          .put("unmatched_presences", unmatched)
          .put("presence_latency_ms", LatencySummary.toJson(latencyMicros));
    }
  }
}
