package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Presence churn: the shard's users are buddies of their ring neighbours within the shard (so every
 * presence they cause lands on this shard's pages). Even pages stay online throughout ("watchers"); odd
 * pages ("churners") log out ({@code /presences/offline all=1}) and back in at the planned rate, open loop.
 * Every transition of a churner owes each of its watcher buddies one presence (online or offline), which
 * the {@link PresenceLedger} checks.
 */
public final class ChurnShard extends Shard {

  private static final long TICK_MS = 1;
  private static final long GRACE_CHECK_MS = 50;

  private final SplittableRandom random;
  private Population local;
  private int[][] watchers;
  private boolean[] busy;
  private boolean[] online;
  private List<Integer> churners;

  private PresenceLedger ledger;
  private final Histogram loginLatency = LatencySummary.newHistogram();
  private final Histogram logoutLatency = LatencySummary.newHistogram();
  private final Map<String, Long> callErrors = new TreeMap<>();
  private long presencesReceived;
  private long issued;
  private int inFlight;
  private long firstNanos;
  private long lastNanos;

  public ChurnShard(int index, ShardSettings settings, long seed) {
    super(index, settings);
    this.random = new SplittableRandom(seed + index);
  }

  @Override
  public Future<?> start() {
    Population p = settings.population();
    int[] range = p.slice(index, settings.shards());
    local = new Population(p.prefix(), p.first() + range[0], range[1] - range[0], p.buddiesPerUser());
    int n = local.count();
    watchers = new int[n][];
    busy = new boolean[n];
    online = new boolean[n];
    churners = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      online[u] = true;
      if (isChurner(u)) {
        churners.add(u);
        watchers[u] = watchersOf(local, u);
      }
    }
    return super.start();
  }

  static boolean isChurner(int page) {
    return page % 2 == 1;
  }

  /** The watcher (even, always online) pages among the buddies of {@code u} in ring {@code pop}. */
  static int[] watchersOf(Population pop, int u) {
    List<Integer> out = new ArrayList<>();
    for (String b : pop.buddies(u)) {
      int page = Integer.parseInt(b.substring(pop.prefix().length())) - pop.first();
      if (!isChurner(page)) {
        out.add(page);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  protected List<String> buddiesOf(int page) {
    return local.buddies(page);
  }

  public Future<Result> run(TrafficPlan plan) {
    return onShard(() -> {
      if (churners.isEmpty()) {
        return Future.failedFuture("a churn shard needs at least 2 users");
      }
      Promise<Result> done = Promise.promise();
      // Each run (a warm-up, then the measured one) starts from clean counters; the login wave's
      // presences are not part of the churn.
      ledger = new PresenceLedger(pages.size());
      presencesReceived = 0;
      issued = 0;
      firstNanos = 0;
      lastNanos = 0;
      loginLatency.reset();
      logoutLatency.reset();
      callErrors.clear();
      RateSchedule schedule = new RateSchedule(plan.perSecond(), plan.startNanos(), plan.durationNanos());
      vertx.setPeriodic(TICK_MS, timer -> {
        long due = schedule.dueBy(System.nanoTime());
        while (issued < due) {
          transition(schedule.intendedNanos(issued++), plan);
        }
        if (schedule.isComplete(issued)) {
          vertx.cancelTimer(timer);
          long deadline = System.nanoTime() + plan.graceNanos();
          vertx.setPeriodic(GRACE_CHECK_MS, t2 -> {
            if ((inFlight == 0 && ledger.allDelivered()) || System.nanoTime() >= deadline) {
              vertx.cancelTimer(t2);
              done.complete(result());
            }
          });
        }
      });
      return done.future();
    });
  }

  private void transition(long intendedNanos, TrafficPlan plan) {
    int c = -1;
    for (int tries = 0; tries < 16 && c < 0; tries++) {
      int pick = churners.get(random.nextInt(churners.size()));
      if (!busy[pick]) {
        c = pick;
      }
    }
    if (c < 0 || inFlight >= plan.maxInFlight()) {
      ledger.skipped();
      return;
    }
    PageSession page = pages.get(c);
    boolean goesOnline = !online[c];
    if (!goesOnline && page.ticket() == null) {
      ledger.skipped(); // lost its ticket and is logging in again by itself
      return;
    }
    int t = ledger.transition(c, goesOnline, intendedNanos, watchers[c]);
    busy[c] = true;
    inFlight++;
    long t0 = System.nanoTime();
    if (firstNanos == 0) {
      firstNanos = t0;
    }
    lastNanos = t0;
    final int user = c;
    PresenceLedger runLedger = ledger;
    Future<?> call;
    if (goesOnline) {
      call = login(page).onSuccess(page::start);
    } else {
      page.stop();
      call = clientOf(c).offline(page.ticket(), true).onSuccess(v -> page.loseTicket());
    }
    call.onComplete(ar -> {
      inFlight--;
      busy[user] = false;
      LatencySummary.recordMicros(goesOnline ? loginLatency : logoutLatency, (System.nanoTime() - t0) / 1000);
      runLedger.callDone(t, ar.succeeded());
      if (ar.succeeded()) {
        online[user] = goesOnline;
      } else {
        String kind = ar.cause() instanceof RouterClient.RouterReplyException e
            ? String.valueOf(e.status()) : "connection";
        callErrors.merge((goesOnline ? "login " : "logout ") + kind, 1L, Long::sum);
        if (!goesOnline) {
          page.start(page.ticket()); // still logged in as far as we know: keep polling
        }
      }
    });
  }

  /** One shard's churn, or several merged. */
  public record Result(PresenceLedger.Summary presences, Histogram loginMicros, Histogram logoutMicros,
                       Map<String, Long> callErrors, long presencePacketsReceived, long firstNanos,
                       long lastNanos) {

    public Result merge(Result o) {
      Histogram li = loginMicros.copy();
      li.add(o.loginMicros);
      Histogram lo = logoutMicros.copy();
      lo.add(o.logoutMicros);
      Map<String, Long> e = new TreeMap<>(callErrors);
      o.callErrors.forEach((k, v) -> e.merge(k, v, Long::sum));
      return new Result(presences.merge(o.presences), li, lo, e, presencePacketsReceived + o.presencePacketsReceived,
          Math.min(firstNanos, o.firstNanos), Math.max(lastNanos, o.lastNanos));
    }

    /** Transitions per second over the sending window. */
    public double perSecond() {
      long w = lastNanos - firstNanos;
      return w <= 0 ? 0 : (presences.transitions() - 1) * 1e9 / w;
    }

    public JsonObject toJson() {
      JsonObject errors = new JsonObject();
      callErrors.forEach(errors::put);
      return presences.toJson()
          .put("transitions_per_second", Math.round(perSecond() * 10) / 10.0)
          .put("window_ms", (lastNanos - firstNanos) / 1_000_000)
          .put("login_latency_ms", LatencySummary.toJson(loginMicros))
          .put("logout_latency_ms", LatencySummary.toJson(logoutMicros))
          .put("call_errors", errors)
          .put("presence_packets_received", presencePacketsReceived);
    }
  }

  private Result result() {
    return new Result(ledger.summary(), loginLatency.copy(), logoutLatency.copy(), new TreeMap<>(callErrors),
        presencesReceived, firstNanos, lastNanos);
  }

  @Override
  public void onReply(PageSession page, PollReply reply, long receivedAtNanos) {
    presencesReceived += reply.presences();
    if (ledger == null || isChurner(page.user())) {
      return;
    }
    for (PollReply.PresencePacket p : reply.presenceList()) {
      boolean on = "online".equals(p.type());
      if (!on && !"offline".equals(p.type())) {
        continue;
      }
      int from = -1;
      String name = p.from();
      if (name != null && name.startsWith(local.prefix())) {
        try {
          from = Integer.parseInt(name.substring(local.prefix().length())) - local.first();
        } catch (NumberFormatException e) {
          from = -1;
        }
      }
      ledger.presence(from, on, page.user(), receivedAtNanos);
    }
  }
}
