package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Users that hold polls and send each other unicast messages at a fixed rate, open loop: senders and
 * recipients are drawn at random among this shard's users, so the shard's own ledger sees both ends of
 * every message it sends (the router cannot tell shards apart).
 */
public final class ThroughputShard extends Shard {

  /** How often due messages are sent: 1 ms keeps bursts small even at tens of thousands per second. */
  private static final long TICK_MS = 1;
  private static final long GRACE_CHECK_MS = 50;

  private final SplittableRandom random;
  private final Histogram postLatency = LatencySummary.newHistogram();
  private final Map<String, Long> postErrors = new TreeMap<>();
  /** Ids of successive runs of this shard start this far apart (far beyond any run's message count). */
  private static final long ID_BASE_STEP = 1_000_000_000_000L;

  /** Members per room for multicast traffic; 0 for unicast. */
  private final int roomSize;
  private final boolean sameNode;
  private Ledger ledger;
  private long idBase;
  private int runs;

  private long issued;
  private int inFlight;
  private long ackZero;
  private long foreign;
  private long noTicket;
  private long firstSendNanos;
  private long lastSendNanos;
  private String bodyPad = "";

  public ThroughputShard(int index, ShardSettings settings, long seed) {
    this(index, settings, seed, 0, false);
  }

  /**
   * With {@code roomSize > 0} the users form rooms of that many (contiguous pages) and messages are
   * multicasts; else unicasts between random pairs, of users of the same node if {@code sameNode}.
   */
  public ThroughputShard(int index, ShardSettings settings, long seed, int roomSize, boolean sameNode) {
    super(index, settings);
    this.random = new SplittableRandom(seed + index);
    this.roomSize = roomSize;
    this.sameNode = sameNode;
  }

  @Override
  protected List<String> roomsOf(int page) {
    return roomSize == 0 ? List.of() : List.of(roomName(page / roomSize * roomSize));
  }

  private String roomName(int firstPage) {
    return "r" + (settings.population().first() + settings.population().slice(index, settings.shards())[0]
        + firstPage);
  }

  /** Sends the planned messages, waits out the grace window, and reports. */
  public Future<TrafficResult> run(TrafficPlan plan) {
    return onShard(() -> {
      int needed = sameNode ? 2 * settings.targets().size() : 2;
      if (pages.size() < needed) {
        return Future.failedFuture("a shard needs at least " + needed + " users to send between, has " + pages.size());
      }
      if (roomSize > 0 && (roomSize < 2 || pages.size() % roomSize != 0)) {
        return Future.failedFuture("a shard's " + pages.size() + " users do not split into rooms of " + roomSize
            + " (give --users = shards * rooms * room size)");
      }
      Promise<TrafficResult> done = Promise.promise();
      // Each run (a warm-up, then the measured one) starts from clean counters and its own id range.
      idBase = runs++ * ID_BASE_STEP;
      ledger = roomSize > 0 ? new FanoutLedger(idBase, index, settings.shards())
          : new DeliveryLedger(idBase, index, settings.shards());
      postLatency.reset();
      postErrors.clear();
      issued = 0;
      ackZero = 0;
      foreign = 0;
      noTicket = 0;
      firstSendNanos = 0;
      lastSendNanos = 0;
      bodyPad = "x".repeat(Math.max(0, plan.bodyBytes()));
      RateSchedule schedule = new RateSchedule(plan.perSecond(), plan.startNanos(), plan.durationNanos());
      vertx.setPeriodic(TICK_MS, timer -> {
        long now = System.nanoTime();
        long due = schedule.dueBy(now);
        while (issued < due) {
          sendOne(schedule.intendedNanos(issued++), plan);
        }
        if (schedule.isComplete(issued)) {
          vertx.cancelTimer(timer);
          awaitDeliveries(System.nanoTime() + plan.graceNanos(), done);
        }
      });
      return done.future();
    });
  }

  private void sendOne(long intendedNanos, TrafficPlan plan) {
    if (inFlight >= plan.maxInFlight()) {
      ledger.skipped();
      return;
    }
    int n = pages.size();
    int from;
    int to;
    if (roomSize > 0) {
      to = random.nextInt(n / roomSize) * roomSize; // the room's first page
      from = to + random.nextInt(roomSize);
    } else {
      from = random.nextInt(n);
      if (sameNode) {
        int nodes = settings.targets().size(); // page p talks to node (its first user + p) % nodes
        do {
          to = random.nextInt(n);
        } while (to == from || Math.floorMod(to - from, nodes) != 0);
      } else {
        to = random.nextInt(n - 1);
        if (to >= from) {
          to++; // never to oneself: a self-message would also echo, muddying the one-delivery check
        }
      }
    }
    PageSession sender = pages.get(from);
    if (sender.ticket() == null) {
      noTicket++;
      ledger.skipped();
      return;
    }
    Ledger runLedger = ledger; // a reply arriving after this run ended must not touch the next one
    long id = roomSize > 0
        ? ((FanoutLedger) runLedger).register(to, roomSize, from, intendedNanos)
        : ((DeliveryLedger) runLedger).register(to, intendedNanos);
    long t0 = System.nanoTime();
    if (firstSendNanos == 0) {
      firstSendNanos = t0;
    }
    lastSendNanos = t0;
    inFlight++;
    String body = bodyOf(id, plan.bodyBytes());
    Backend client = clientOf(from);
    Future<Backend.MessageReceipt> sent = roomSize > 0
        ? client.multicast(sender.ticket(), roomName(to), body, id, plan.ack())
        : client.message(sender.ticket(), pages.get(to).name(), body, id, plan.ack());
    sent.onComplete(ar -> {
      inFlight--;
      LatencySummary.recordMicros(postLatency, (System.nanoTime() - t0) / 1000);
      if (ar.succeeded()) {
        runLedger.accepted(id);
        if (ar.result().delivered() == 0) {
          ackZero++;
        }
      } else {
        runLedger.rejected(id);
        String kind = ar.cause() instanceof RouterClient.RouterReplyException e
            ? String.valueOf(e.status()) : "connection";
        postErrors.merge(kind, 1L, Long::sum);
      }
    });
  }

  private String bodyOf(long id, int bytes) {
    String head = "m" + id + " ";
    return head.length() >= bytes ? head : head + bodyPad.substring(0, bytes - head.length());
  }

  private void awaitDeliveries(long deadlineNanos, Promise<TrafficResult> done) {
    vertx.setPeriodic(GRACE_CHECK_MS, timer -> {
      boolean settled = inFlight == 0 && ledger.allAcceptedDelivered();
      if (settled || System.nanoTime() >= deadlineNanos) {
        vertx.cancelTimer(timer);
        done.complete(new TrafficResult(ledger.summary(), postLatency.copy(), ackZero, new TreeMap<>(postErrors),
            foreign, noTicket, firstSendNanos, lastSendNanos, ledger.fanout()));
      }
    });
  }

  @Override
  public void onReply(PageSession page, PollReply reply, long receivedAtNanos) {
    for (PollReply.MessagePacket m : reply.messages()) {
      if (m.id() < idBase) { // no id, or a late one from the warm-up
        foreign++;
      } else if (m.id() == PollReply.MessagePacket.NO_ID) {
        foreign++;
      } else {
        ledger.delivered(m.id(), page.user(), receivedAtNanos);
      }
    }
  }
}
