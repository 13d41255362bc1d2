package org.nextim.router.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened during a run, as the clients saw it: every message sent and what the router answered,
 * every message packet a page received, and the events the checker judges (404s, re-logins, double
 * homes). Thread-safe; times are {@link Clock} ms.
 */
final class Ledger {

  /** One POST /messages. */
  static final class Sent {
    final String id;
    final String from;
    final String fromTab;
    final String fromTicket;
    final String to;
    /** The node the call went to ({@code Incarnation.label}). */
    final String via;
    final long startAt;
    volatile long endAt = -1;
    /** The reply's {@code delivered}; -1 when the call failed or gave no count. */
    volatile int delivered = -1;
    volatile String failure;
    /** Node ids named by the recipient's tickets when the call started and when it ended. */
    final Set<String> recipientNodes = ConcurrentHashMap.newKeySet();

    Sent(String id, String from, String fromTab, String fromTicket, String to, String via, long startAt) {
      this.id = id;
      this.via = via;
      this.from = from;
      this.fromTab = fromTab;
      this.fromTicket = fromTicket;
      this.to = to;
      this.startAt = startAt;
    }
  }

  /** A message packet as one page received it. */
  record Receipt(String tab, String user, String ticket, long ticketLoginAt, long at) {
  }

  /** A 404 for a ticket; {@code homeLived}: its node was alive and in the cluster all the while. */
  record NotFound(String tab, String what, String ticket, String node, long sentAt, long endedAt, boolean homeLived,
                  String body) {
    @Override
    public String toString() {
      return tab + " " + what + " ticket@" + node + " [" + sentAt + ".." + endedAt + "]";
    }
  }

  record Relogin(String tab, String reason, String oldTicketNode, long at) {
  }

  record DoubleHome(String user, Set<String> nodes, long at) {
  }

  final Map<String, Sent> sent = new ConcurrentHashMap<>();
  final Map<String, List<Receipt>> receipts = new ConcurrentHashMap<>();
  final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
  final List<NotFound> notFounds = Collections.synchronizedList(new ArrayList<>());
  final List<Relogin> relogins = Collections.synchronizedList(new ArrayList<>());
  final List<DoubleHome> doubleHomes = Collections.synchronizedList(new ArrayList<>());
  final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());
  /** Counters of what the transport saw: "poll 503", "send TIMEOUT", … */
  final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  void count(String what) {
    counters.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  long counter(String what) {
    AtomicLong c = counters.get(what);
    return c == null ? 0 : c.get();
  }

  void received(String id, Receipt r) {
    receipts.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>())).add(r);
  }

  List<Receipt> receiptsOf(String id) {
    List<Receipt> r = receipts.get(id);
    if (r == null) {
      return List.of();
    }
    synchronized (r) {
      return new ArrayList<>(r);
    }
  }

  static <T> List<T> copy(List<T> synchronizedList) {
    synchronized (synchronizedList) {
      return new ArrayList<>(synchronizedList);
    }
  }
}
