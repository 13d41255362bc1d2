package org.nextim.router.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * This node's presence changes on their way to one other node: in order, at most one batch in flight,
 * each batch retried until the peer acknowledges it or leaves the cluster. The first batch is the
 * snapshot of this node's users, so the peer's copy is complete from it on.
 *
 * <p>Why not a publish: a publish reaches the subscriptions this node's event bus knows of, and a new
 * node's subscription reaches the others' caches a little later, so a publish right after a node
 * started could miss it. A request that failed is simply sent again.
 */
final class PeerLink {

  private static final int MAX_BATCH = 512;
  private static final long TIMEOUT_MS = 5_000;
  private static final long RETRY_MS = 100;

  private record Waiter(long upTo, Promise<Void> promise) {
  }

  private final Vertx vertx;
  private final EventBus bus;
  private final String self;
  private final String peer;
  private final String address;

  // Guarded by this.
  private final ArrayDeque<JsonObject> queue = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private long enqueued;
  private long acknowledged;
  private long nextBatch = 1;
  private JsonArray inFlight;
  private boolean closed;

  PeerLink(Vertx vertx, String self, String peer, String address, JsonObject snapshot) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.self = self;
    this.peer = peer;
    this.address = address;
    enqueue(snapshot);
  }

  String peer() {
    return peer;
  }

  synchronized void enqueue(JsonObject change) {
    if (closed) {
      return;
    }
    queue.addLast(change);
    enqueued++;
    if (inFlight == null) {
      sendNext();
    }
  }

  /** Completes when the peer has applied every change enqueued before this call (or has left). */
  synchronized Future<Void> settled() {
    if (closed || acknowledged >= enqueued) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    waiters.add(new Waiter(enqueued, p));
    return p.future();
  }

  /** The peer left: nothing more to send; nobody waits for it. */
  void close() {
    List<Waiter> release;
    synchronized (this) {
      closed = true;
      queue.clear();
      release = new ArrayList<>(waiters);
      waiters.clear();
    }
    release.forEach(w -> w.promise().tryComplete());
  }

  // Caller holds the monitor.
  private void sendNext() {
    if (queue.isEmpty() || closed) {
      inFlight = null;
      return;
    }
    JsonArray batch = new JsonArray();
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.pollFirst());
    }
    inFlight = batch;
    send(batch, nextBatch++);
  }

  private void send(JsonArray batch, long seq) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TIMEOUT_MS)
        .addHeader("op", "changes").addHeader("from", self).addHeader("seq", Long.toString(seq));
    bus.request(address, batch, options).onComplete(ar -> {
      if (ar.succeeded()) {
        acknowledged(batch.size());
      } else {
        // Not there yet (its address still travelling) or busy: the same batch again, in order.
        vertx.setTimer(RETRY_MS, id -> {
          synchronized (this) {
            if (!closed) {
              send(batch, seq);
            }
          }
        });
      }
    });
  }

  private void acknowledged(int count) {
    List<Waiter> release = new ArrayList<>();
    synchronized (this) {
      acknowledged += count;
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.upTo() <= acknowledged) {
          release.add(w);
          it.remove();
        }
      }
      sendNext();
    }
    release.forEach(w -> w.promise().tryComplete());
  }
}
