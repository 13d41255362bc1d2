package org.nextim.router.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.router.chaos.ChaosCluster.Incarnation;
import org.nextim.router.chaos.ChaosHttp.Failure;
import org.nextim.router.chaos.ChaosHttp.Resp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users, their tabs and what they do, over real HTTP against the cluster: every tab runs the widget's
 * long-poll loop (cursor of each reply is the next poll's; JSONP for a third of the tabs), logs in again
 * after a 404, retries the same ticket and cursor after a 503 or an {@code "unavailable"} reply, goes to
 * another node when a node refuses or resets; senders POST numbered messages ({@code id}, {@code ack=1})
 * to random buddies through random nodes; some tabs change their show. Bounded by count and time.
 */
final class Traffic implements AutoCloseable {

  static final String[] SHOWS = {"available", "away", "dnd", "chat"};
  private static final long BACKOFF_MS = 300;
  private static final long REPOLL_MS = 50;
  private static final long CALL_TIMEOUT_MS = 10_000;
  /** Tabs of a stopping user keep polling this long (they fetch what was in flight), then stop. */
  static final long STOP_DRAIN_MS = 3_000;

  /** One user of the domain. */
  static final class User {
    final String name;
    final String nick;
    final TreeSet<String> buddies = new TreeSet<>();
    final List<Tab> tabs = new ArrayList<>();
    /** When its tabs were told to stop (no more messages to or from it); -1 while it runs. */
    volatile long stoppingAt = -1;
    /** When its tabs stopped polling; -1 while they run. */
    volatile long stoppedAt = -1;
    volatile String stopMode = "";
    /** The latest sending time of a poll of any of its tabs answered 200 "ok". */
    volatile long lastOkSentAt = -1;

    User(String name) {
      this.name = name;
      this.nick = "N" + name;
    }

    boolean running() {
      return stoppingAt < 0;
    }

    String buddyList() {
      return String.join(",", buddies);
    }
  }

  /** One browser tab: one page (one ticket at a time), its poll loop and its view of its buddies. */
  final class Tab {
    final User user;
    final String id;
    final boolean jsonp;
    // guarded by this
    String ticket;
    long cursor;
    long loginAt = -1;
    long lastOkAt = -1;
    /** When the latest poll answered 200 "ok" was sent (it returns everything queued before it). */
    long lastOkSentAt = -1;
    boolean loggingIn;
    boolean stopped;
    long gen;
    int logins;
    Incarnation lastVia;
    Map<String, String> view = new HashMap<>();
    Set<String> seen = new HashSet<>();
    /** What changed its view, in order (for the report on a wrong buddy list). */
    final List<String> trail = new ArrayList<>();
    /** Every poll's outcome: "sent..ended via cursor->next [message ids]" (for the report on a lost message). */
    final List<String> polls = new ArrayList<>();

    Tab(User user, int no, boolean jsonp) {
      this.user = user;
      this.id = user.name + "#" + no;
      this.jsonp = jsonp;
    }

    /**
     * The node this tab's page lives on at {@code now} as far as the harness knows, or null: no ticket,
     * logging in, stopped, or its ticket names a node that ended (killed or stopped) and the page has
     * not been answered since.
     */
    synchronized String liveNode(long now) {
      if (stopped || ticket == null || loggingIn) {
        return null;
      }
      Incarnation inc = cluster.ofTicket(ticket);
      if (inc == null) {
        return "?" + ticket;
      }
      long ended = inc.endedAt();
      if (ended <= now && lastOkAt <= ended) {
        return null;
      }
      return inc.id;
    }

    synchronized String ticketNode() {
      if (ticket == null) {
        return null;
      }
      int dot = ticket.indexOf('.');
      return dot <= 0 ? null : ticket.substring(0, dot);
    }

    synchronized Map<String, String> view() {
      return new HashMap<>(view);
    }
  }

  private final ChaosCluster cluster;
  private final ChaosSettings s;
  private final Clock clock;
  private final Ledger ledger;
  /**
   * The site's calls (logins, messages, shows, logouts, the admin API) and the browsers' polls go
   * through clients of their own, as they do in reality (the site's server, each user's browser): a
   * heavy run's thousands of sends in flight do not hold up the polls in one client's queue.
   */
  private final ChaosClient http;
  private final ChaosHttp browsers;
  private final Random random;
  private final ScheduledExecutorService timer;
  final List<User> users = new ArrayList<>();
  final List<Tab> tabs = new ArrayList<>();
  private final Map<String, User> byName = new HashMap<>();
  private volatile boolean running = true;
  private volatile boolean sending;
  private volatile long sendingStartedAt = -1;
  private volatile long sendingEndedAt = -1;
  private volatile long sendDeadline = Long.MAX_VALUE;
  private long[] stopUsersAt = {4_000, 10_000};
  private final AtomicLong seq = new AtomicLong();
  /** Sends the schedule has called for so far; only {@link #sendTick} (never two at once) touches it. */
  private long scheduledSends;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final List<Long> stopTimes = new ArrayList<>();
  private final List<CompletableFuture<Void>> doubleHomeChecks = new ArrayList<>();

  Traffic(ChaosCluster cluster, ChaosSettings s, Clock clock, Ledger ledger) {
    this.cluster = cluster;
    this.s = s;
    this.clock = clock;
    this.ledger = ledger;
    this.http = "vertx".equals(s.siteClient) ? new SiteHttp(clock, "site") : new ChaosHttp(clock, "site");
    this.browsers = new ChaosHttp(clock, "browser");
    this.random = new Random(s.seed);
    this.timer = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "chaos-traffic");
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < s.users; i++) {
      User u = new User(String.format("u%03d", i));
      users.add(u);
      byName.put(u.name, u);
    }
    // Symmetric buddies: ring neighbours, plus a few random pairs.
    for (int i = 0; i < s.users; i++) {
      for (int d = 1; d <= 2; d++) {
        befriend(users.get(i), users.get((i + d) % s.users));
      }
      for (int k = 0; k < s.randomBuddies; k++) {
        int j = random.nextInt(s.users);
        if (j != i) {
          befriend(users.get(i), users.get(j));
        }
      }
    }
    int n = 0;
    for (User u : users) {
      int count = users.indexOf(u) < s.twoTabUsers ? 2 : 1;
      for (int t = 0; t < count; t++) {
        Tab tab = new Tab(u, t, n++ % 3 == 2);
        u.tabs.add(tab);
        tabs.add(tab);
      }
    }
  }

  private static void befriend(User a, User b) {
    a.buddies.add(b.name);
    b.buddies.add(a.name);
  }

  User user(String name) {
    return byName.get(name);
  }

  long sendingEndedAt() {
    return sendingEndedAt;
  }

  synchronized long lastStopAt() {
    return stopTimes.isEmpty() ? -1 : stopTimes.get(stopTimes.size() - 1);
  }

  // ---- logins ----

  /**
   * Every tab logs in and this waits until each has a page. For a storm all logins go at once; otherwise
   * one after the other, in a random order (a login answered before the next starts: logins that overlap
   * on different nodes are the storm's business, not every scenario's).
   */
  void loginAll(long timeoutMs) {
    long deadline = clock.now() + timeoutMs;
    if (s.loginStorm) {
      for (Tab t : tabs) {
        timer.execute(safe(() -> login(t, "first")));
      }
    } else {
      List<Tab> order = new ArrayList<>(tabs);
      java.util.Collections.shuffle(order, random);
      for (Tab t : order) {
        login(t, "first");
        while (t.liveNode(clock.now()) == null && clock.now() < deadline) {
          ChaosCluster.sleep(5);
        }
      }
    }
    while (clock.now() < deadline) {
      long missing = tabs.stream().filter(t -> t.liveNode(clock.now()) == null).count();
      if (missing == 0) {
        return;
      }
      ChaosCluster.sleep(100);
    }
    throw new AssertionError("not every tab logged in within " + timeoutMs + " ms");
  }

  private void login(Tab t, String reason) {
    synchronized (t) {
      if (t.stopped || !running || t.loggingIn) {
        return;
      }
      if (!"first".equals(reason) && !"retry".equals(reason)) {
        String old = t.ticketNode();
        Incarnation inc = old == null ? null : cluster.byId(old);
        ledger.relogins.add(new Ledger.Relogin(t.id, reason, inc == null ? old : inc.label(), clock.now()));
      }
      t.loggingIn = true;
      t.ticket = null;
      t.gen++;
    }
    Incarnation via = cluster.pick(null);
    if (via == null) {
      retryLogin(t);
      return;
    }
    http.post(via.base + "/presences/online", CALL_TIMEOUT_MS, "domain", s.domain, "apikey", s.apikey,
        "name", t.user.name, "nick", t.user.nick, "buddies", t.user.buddyList()).thenAccept(r -> {
          if (!r.ok()) {
            ledger.count("login " + kind(r));
            retryLogin(t);
            return;
          }
          JsonObject json;
          try {
            json = new JsonObject(r.body());
          } catch (RuntimeException e) {
            ledger.anomalies.add(t.id + " login reply not JSON: " + r);
            retryLogin(t);
            return;
          }
          String ticket = json.getString("ticket");
          Map<String, String> view = new HashMap<>();
          Object b = json.getValue("buddies");
          if (b instanceof JsonObject bo) {
            bo.forEach(e -> view.put(e.getKey(), String.valueOf(e.getValue())));
          }
          synchronized (t) {
            t.loggingIn = false;
            if (t.stopped || !running) {
              return;
            }
            t.ticket = ticket;
            t.cursor = 0;
            t.loginAt = r.endedAt();
            t.lastOkAt = -1;
            t.lastOkSentAt = -1;
            t.view = view;
            t.trail.add(r.endedAt() + " login@" + shortNode(ticket) + " (sent " + r.sentAt() + ") buddies "
                + new java.util.TreeMap<>(view));
            t.seen = new HashSet<>();
            t.logins++;
            t.gen++;
          }
          ledger.count("logins");
          poll(t);
        });
  }

  private void retryLogin(Tab t) {
    synchronized (t) {
      t.loggingIn = false;
    }
    later(() -> login(t, "retry"), BACKOFF_MS);
  }

  // ---- the poll loop ----

  private void poll(Tab t) {
    String ticket;
    long cursor;
    long gen;
    Incarnation avoid;
    synchronized (t) {
      if (t.stopped || !running || t.loggingIn) {
        return;
      }
      if (t.ticket == null) {
        later(() -> login(t, "retry"), 0);
        return;
      }
      ticket = t.ticket;
      cursor = t.cursor;
      gen = ++t.gen;
      avoid = t.lastVia;
      t.lastVia = null;
    }
    Incarnation via = cluster.pick(avoid);
    if (via == null) {
      later(() -> poll(t), BACKOFF_MS);
      return;
    }
    String url = via.base + "/packets?" + ChaosHttp.form("domain", s.domain, "ticket", ticket,
        "cursor", Long.toString(cursor), "callback", t.jsonp ? "cb" : null);
    browsers.get(url, s.pollGiveUpMs()).thenAccept(r -> onPoll(t, gen, ticket, cursor, via, r));
  }

  private void onPoll(Tab t, long gen, String ticket, long cursor, Incarnation via, Resp r) {
    synchronized (t) {
      t.polls.add(r.sentAt() + ".." + r.endedAt() + " via " + via.label() + " @" + shortNode(ticket) + " c=" + cursor
          + " " + outcome(r) + (gen != t.gen ? " (given up)" : ""));
      if (gen != t.gen || !ticket.equals(t.ticket) || t.stopped || !running) {
        return; // given up or superseded: its packets are sent again to the next poll with this cursor
      }
      if (r.failure() != Failure.NONE) {
        ledger.count("poll " + r.failure());
        // A refused or reset connection: another node; a poll not answered in time: again, same cursor.
        t.lastVia = via;
        later(() -> poll(t), r.failure() == Failure.TIMEOUT ? 0 : REPOLL_MS);
        return;
      }
      switch (r.status()) {
        case 200 -> {
          JsonObject json;
          try {
            json = new JsonObject(t.jsonp ? unwrap(r.body(), "cb") : r.body());
          } catch (RuntimeException e) {
            ledger.anomalies.add(t.id + " poll reply not JSON: " + r);
            later(() -> poll(t), BACKOFF_MS);
            return;
          }
          String status = String.valueOf(json.getValue("status"));
          if ("unavailable".equals(status)) {
            ledger.count("poll unavailable");
            later(() -> poll(t), BACKOFF_MS);
            return;
          }
          if (!"ok".equals(status)) {
            ledger.anomalies.add(t.id + " poll status " + status + ": " + r);
            later(() -> poll(t), BACKOFF_MS);
            return;
          }
          accept(t, ticket, cursor, json, r.endedAt());
          t.lastOkSentAt = r.sentAt();
          t.user.lastOkSentAt = Math.max(t.user.lastOkSentAt, r.sentAt());
          if (Boolean.TRUE.equals(json.getValue("overflow"))) {
            later(() -> login(t, "overflow"), 0);
            return;
          }
          later(() -> poll(t), REPOLL_MS);
        }
        case 404 -> {
          ledger.count("poll 404");
          notFound(t, "poll", ticket, r);
          later(() -> login(t, "404"), 0);
        }
        case 503 -> {
          ledger.count(isUnavailable(r) ? "poll 503 unavailable" : "poll 503 other");
          later(() -> poll(t), BACKOFF_MS);
        }
        case 429 -> {
          ledger.count("poll 429");
          later(() -> poll(t), 1000);
        }
        default -> {
          ledger.count("poll HTTP " + r.status());
          ledger.anomalies.add(t.id + " poll: " + r);
          later(() -> poll(t), BACKOFF_MS);
        }
      }
    }
  }

  /**
   * Self-check of the checker: hands a page that received message {@code id} a reply carrying it again
   * (through the same path a poll reply takes). Returns false when no page has it.
   */
  boolean replayForSelfCheck(String id) {
    for (Ledger.Receipt rc : ledger.receiptsOf(id)) {
      for (Tab t : tabs) {
        if (t.id.equals(rc.tab())) {
          synchronized (t) {
            if (!rc.ticket().equals(t.ticket)) {
              continue;
            }
            JsonObject again = new JsonObject().put("status", "ok").put("cursor", t.cursor)
                .put("messages", new JsonArray().add(new JsonObject().put("id", id)))
                .put("presences", new JsonArray()).put("statuses", new JsonArray());
            accept(t, t.ticket, t.cursor, again, clock.now());
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Takes a 200 reply's packets (under the tab's lock): messages to the ledger, presences to the view. */
  private void accept(Tab t, String ticket, long cursor, JsonObject json, long at) {
    long next = json.getLong("cursor", cursor);
    if (next < cursor) {
      ledger.anomalies.add(t.id + " cursor went back from " + cursor + " to " + next);
    }
    JsonArray messages = json.getJsonArray("messages", new JsonArray());
    for (int i = 0; i < messages.size(); i++) {
      JsonObject m = messages.getJsonObject(i);
      String id = m.getString("id");
      if (id == null) {
        continue;
      }
      if (!t.seen.add(id)) {
        long firstAt = ledger.receiptsOf(id).stream().filter(rc -> rc.tab().equals(t.id)).mapToLong(Ledger.Receipt::at)
            .min().orElse(-1);
        ledger.duplicates.add(id + " twice to " + t.id + " (ticket@" + shortNode(ticket) + "; again in the reply to c="
            + cursor + " at " + at + ", first at " + firstAt + ")");
        continue;
      }
      ledger.received(id, new Ledger.Receipt(t.id, t.user.name, ticket, t.loginAt, at));
    }
    JsonArray presences = json.getJsonArray("presences", new JsonArray());
    for (int i = 0; i < presences.size(); i++) {
      JsonObject p = presences.getJsonObject(i);
      String from = p.getString("from");
      if (from == null || !t.user.buddies.contains(from)) {
        continue; // its own show changes, strangers
      }
      t.trail.add(at + " " + from + " " + p.getString("type") + " " + p.getString("show"));
      switch (String.valueOf(p.getString("type"))) {
        case "online", "show" -> {
          if ("invisible".equals(p.getString("show"))) {
            t.view.remove(from);
          } else {
            t.view.put(from, p.getString("show"));
          }
        }
        case "offline" -> t.view.remove(from);
        default -> {
          // join/leave: no rooms here
        }
      }
    }
    t.cursor = next;
    t.lastOkAt = at;
    t.lastVia = null;
  }

  /** A poll reply in a few words: the next cursor and message ids, or the error. */
  private static String outcome(Resp r) {
    if (r.failure() != Failure.NONE) {
      return r.failure().toString();
    }
    if (r.status() != 200) {
      return "HTTP " + r.status();
    }
    StringBuilder sb = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"cursor\":(\\d+)").matcher(r.body());
    sb.append("->").append(m.find() ? m.group(1) : "?");
    java.util.regex.Matcher ids = java.util.regex.Pattern.compile("\"id\":\"(m\\d+)\"").matcher(r.body());
    List<String> list = new ArrayList<>();
    while (ids.find()) {
      list.add(ids.group(1));
    }
    if (!list.isEmpty()) {
      sb.append(' ').append(list);
    }
    return sb.toString();
  }

  private static String unwrap(String body, String callback) {
    String b = body.strip();
    if (!b.startsWith(callback + "(")) {
      throw new IllegalArgumentException("not JSONP");
    }
    if (b.endsWith(";")) {
      b = b.substring(0, b.length() - 1);
    }
    if (!b.endsWith(")")) {
      throw new IllegalArgumentException("not JSONP");
    }
    return b.substring(callback.length() + 1, b.length() - 1);
  }

  private static boolean isUnavailable(Resp r) {
    try {
      JsonObject o = new JsonObject(r.body());
      return "unavailable".equals(o.getString("error"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Records a 404 for {@code ticket}; it counts against the router when the ticket's node lived throughout. */
  private void notFound(Tab t, String what, String ticket, Resp r) {
    Incarnation inc = cluster.ofTicket(ticket);
    boolean lived = inc != null && !inc.goneDuring(r.sentAt(), r.endedAt()) && !inc.declaredGone(cluster);
    ledger.notFounds.add(new Ledger.NotFound(t.id, what, ticket, inc == null ? shortNode(ticket) : inc.label(),
        r.sentAt(), r.endedAt(), lived, r.body()));
  }

  /** The first 8 characters of the node id a ticket names. */
  static String shortNode(String ticket) {
    int dot = ticket == null ? -1 : ticket.indexOf('.');
    return dot <= 0 ? String.valueOf(ticket) : ticket.substring(0, Math.min(8, dot));
  }

  private static String kind(Resp r) {
    return r.failure() != Failure.NONE ? r.failure().toString() : "HTTP " + r.status();
  }

  // ---- senders ----

  /** Sends messages at the configured rate until {@code trafficMs} passed or {@code maxMessages} went out. */
  void startSending() {
    sending = true;
    sendingStartedAt = clock.now();
    sendDeadline = sendingStartedAt + s.trafficMs;
    long periodUs = Math.max(1000, (long) (1_000_000 / s.messagesPerSecond));
    timer.scheduleAtFixedRate(safe(this::sendTick), 0, periodUs, TimeUnit.MICROSECONDS);
    long showPeriodMs = (long) (1000 / s.showsPerSecond);
    timer.scheduleAtFixedRate(safe(this::showTick), showPeriodMs, showPeriodMs, TimeUnit.MILLISECONDS);
    for (long at : stopUsersAt) {
      timer.schedule(safe(() -> stopSomeUsers(s.stoppersPerGroup)), at, TimeUnit.MILLISECONDS);
    }
  }

  /** When (ms after sending starts) a group of users stops; set before {@link #startSending}. */
  void stopUsersAt(long... offsets) {
    stopUsersAt = offsets.clone();
  }

  /** Sending ends {@code ms} from now instead of at its planned end (traffic goes on after a fault). */
  void finishAfter(long ms) {
    sendDeadline = clock.now() + ms;
  }

  long sendingStartedAt() {
    return sendingStartedAt;
  }

  boolean sending() {
    return sending;
  }

  /** Waits until sending stopped by itself (time or count). */
  void awaitSendingDone() {
    long deadline = sendingStartedAt + 180_000;
    while (sending && clock.now() < deadline) {
      ChaosCluster.sleep(100);
    }
    if (sending) {
      stopSending();
    }
  }

  private void stopSending() {
    if (sending) {
      sending = false;
      sendingEndedAt = clock.now();
    }
  }

  /**
   * Sends what the schedule calls for by now: a tick comes at most every millisecond, so above 1,000
   * messages/s a tick sends several (it sent one, which held every run at under 1,000/s).
   */
  private void sendTick() {
    if (!sending || !running) {
      return;
    }
    long now = clock.now();
    long due = dueBy(now - sendingStartedAt, s.messagesPerSecond);
    while (scheduledSends < due && sending) {
      scheduledSends++;
      sendOne(now);
    }
  }

  /** How many messages a schedule of {@code perSecond} calls for in its first {@code elapsedMs}. */
  private static long dueBy(long elapsedMs, double perSecond) {
    return (long) Math.floor(Math.max(0, elapsedMs) * perSecond / 1000.0);
  }

  private void sendOne(long now) {
    if (now >= sendDeadline || seq.get() >= s.maxMessages) {
      stopSending();
      return;
    }
    if (outstanding.get() > s.maxOutstanding) {
      ledger.count("send skipped (" + s.maxOutstanding + " outstanding)");
      return;
    }
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    Tab from = null;
    String fromTicket = null;
    for (int attempt = 0; attempt < 10 && fromTicket == null; attempt++) {
      Tab t = tabs.get(rnd.nextInt(tabs.size()));
      if (!t.user.running()) {
        continue;
      }
      synchronized (t) {
        if (t.ticket != null && !t.loggingIn && !t.stopped) {
          from = t;
          fromTicket = t.ticket;
        }
      }
    }
    if (from == null) {
      return;
    }
    List<String> candidates = new ArrayList<>();
    for (String b : from.user.buddies) {
      if (byName.get(b).running()) {
        candidates.add(b);
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    User to = byName.get(candidates.get(rnd.nextInt(candidates.size())));
    Incarnation via = cluster.pick(null);
    if (via == null) {
      return;
    }
    String id = "m" + seq.incrementAndGet();
    Ledger.Sent sent = new Ledger.Sent(id, from.user.name, from.id, fromTicket, to.name, via.label(), clock.now());
    snapshotNodes(to, sent.recipientNodes);
    ledger.sent.put(id, sent);
    outstanding.incrementAndGet();
    Tab sender = from;
    String senderTicket = fromTicket;
    http.post(via.base + "/messages", CALL_TIMEOUT_MS, "domain", s.domain, "apikey", s.apikey,
        "ticket", fromTicket, "to", to.name, "body", "body of " + id, "id", id, "ack", "1").thenAccept(r -> {
          outstanding.decrementAndGet();
          sent.endAt = r.endedAt();
          snapshotNodes(to, sent.recipientNodes);
          if (r.ok()) {
            try {
              sent.delivered = new JsonObject(r.body()).getInteger("delivered", -1);
            } catch (RuntimeException e) {
              sent.failure = "bad reply " + r;
            }
            if (sent.delivered < 0 && sent.failure == null) {
              sent.failure = "no count " + r;
            }
            ledger.count(sent.delivered > 0 ? "send delivered>0" : "send delivered=0");
          } else {
            // What went wrong, with the router's reason for an HTTP error (its JSON names it).
            String why = r.error() != null ? r.error() : r.body().length() > 160 ? r.body().substring(0, 160) : r.body();
            sent.failure = why.isEmpty() ? kind(r) : kind(r) + " " + why;
            ledger.count("send " + kind(r));
            if (r.status() == 404) {
              notFound(sender, "send", senderTicket, r);
            }
          }
        });
  }

  private static void snapshotNodes(User u, Collection<String> into) {
    for (Tab t : u.tabs) {
      String n = t.ticketNode();
      if (n != null) {
        into.add(n);
      }
    }
  }

  private void showTick() {
    if (!sending || !running) {
      return;
    }
    Tab t = tabs.get(ThreadLocalRandom.current().nextInt(tabs.size()));
    String ticket;
    synchronized (t) {
      if (!t.user.running() || t.ticket == null || t.loggingIn || t.stopped) {
        return;
      }
      ticket = t.ticket;
    }
    Incarnation via = cluster.pick(null);
    if (via == null) {
      return;
    }
    String show = SHOWS[ThreadLocalRandom.current().nextInt(SHOWS.length)];
    http.post(via.base + "/presences/show", CALL_TIMEOUT_MS, "domain", s.domain, "apikey", s.apikey,
        "ticket", ticket, "show", show).thenAccept(r -> {
          ledger.count("show " + kind(r));
          if (r.status() == 404) {
            notFound(t, "show", ticket, r);
          }
        });
  }

  // ---- users who stop ----

  /**
   * Picks {@code k} running users and stops all their tabs after {@link #STOP_DRAIN_MS}: alternately by
   * {@code POST /presences/offline} (without all=1) for each tab, or by just no longer polling.
   */
  void stopSomeUsers(int k) {
    List<User> candidates = new ArrayList<>();
    for (User u : users) {
      if (u.running()) {
        candidates.add(u);
      }
    }
    java.util.Collections.shuffle(candidates, random);
    long now = clock.now();
    int n = 0;
    for (User u : candidates.subList(0, Math.min(k, candidates.size()))) {
      u.stoppingAt = now;
      u.stopMode = n++ % 2 == 0 ? "offline" : "silent";
      timer.schedule(safe(() -> stopUser(u)), STOP_DRAIN_MS, TimeUnit.MILLISECONDS);
    }
    synchronized (this) {
      stopTimes.add(now + STOP_DRAIN_MS);
    }
  }

  private void stopUser(User u) {
    for (Tab t : u.tabs) {
      String ticket;
      synchronized (t) {
        t.stopped = true;
        t.gen++;
        ticket = t.ticket;
      }
      if ("offline".equals(u.stopMode) && ticket != null) {
        Incarnation via = cluster.pick(null);
        if (via != null) {
          http.post(via.base + "/presences/offline", CALL_TIMEOUT_MS, "domain", s.domain, "apikey", s.apikey,
              "ticket", ticket).thenAccept(r -> {
                ledger.count("offline " + kind(r));
                if (r.status() == 404) {
                  notFound(t, "offline", ticket, r);
                }
              });
        }
      }
    }
    u.stoppedAt = clock.now();
  }

  // ---- the rest ----

  /**
   * Samples, for every running user, the nodes its live pages' tickets name. More than one is a
   * suspected double home; the harness cannot tell where a handed-over page went, nor that a page of
   * a tab that polled late expired, so it asks the cluster: a double home is confirmed when the admin
   * API finds the user's pages on more than one node (not counting a stopping node that handed them on).
   */
  void startDoubleHomeSampler() {
    timer.scheduleAtFixedRate(safe(this::sampleDoubleHomes), 500, 500, TimeUnit.MILLISECONDS);
  }

  void sampleDoubleHomes() {
    long now = clock.now();
    for (User u : users) {
      if (u.tabs.size() < 2 || u.stoppedAt >= 0) {
        continue;
      }
      Set<String> nodes = new TreeSet<>();
      for (Tab t : u.tabs) {
        String n = t.liveNode(now);
        if (n != null) {
          nodes.add(n);
        }
      }
      if (nodes.size() > 1) {
        confirmDoubleHome(u, nodes, now);
      }
    }
  }

  /** Waits (bounded) until every double home suspected so far has been confirmed or cleared. */
  void awaitDoubleHomeChecks() {
    List<CompletableFuture<Void>> pending;
    synchronized (doubleHomeChecks) {
      pending = new ArrayList<>(doubleHomeChecks);
      doubleHomeChecks.clear();
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      ledger.anomalies.add("double-home checks did not finish: " + e);
    }
  }

  private void confirmDoubleHome(User u, Set<String> suspected, long at) {
    Incarnation via = cluster.pick(null);
    if (via == null) {
      return;
    }
    ledger.count("double home suspected");
    CompletableFuture<Void> check = http.get(via.base + "/admin/api/domains/" + s.domain + "/users/" + u.name,
        CALL_TIMEOUT_MS, s.adminToken).thenAccept(r -> {
          if (!r.ok()) {
            ledger.count("double home check failed (" + kind(r) + ")");
            return;
          }
          JsonObject where = new JsonObject(r.body());
          Set<String> holding = new TreeSet<>();
          JsonArray views = where.getJsonArray("nodes");
          for (int i = 0; i < views.size(); i++) {
            JsonObject v = views.getJsonObject(i);
            if (v.getInteger("pages", 0) > 0 && v.getValue("moved_to") == null) {
              holding.add(v.getString("node"));
            }
          }
          if (holding.size() > 1) {
            ledger.doubleHomes.add(new Ledger.DoubleHome(u.name, holding, at));
          } else {
            ledger.count("double home suspected, not confirmed");
          }
        });
    synchronized (doubleHomeChecks) {
      doubleHomeChecks.add(check);
    }
  }

  /** A task that records its failure instead of dying silently (a periodic task would stop). */
  private Runnable safe(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        ledger.anomalies.add("harness error: " + e);
        e.printStackTrace();
      }
    };
  }

  private void later(Runnable r, long delayMs) {
    if (!running) {
      return;
    }
    try {
      timer.schedule(safe(r), delayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // stopped
    }
  }

  /** Stops everything: sending, polls (the held ones are left to the router), timers. */
  @Override
  public void close() {
    stopSending();
    running = false;
    for (Tab t : tabs) {
      synchronized (t) {
        t.stopped = true;
        t.gen++;
      }
    }
    timer.shutdownNow();
  }

  /** Closes the HTTP client's threads (after the routers are gone). */
  void closeHttp() {
    http.close();
    browsers.close();
  }

  ChaosClient http() {
    return http;
  }
}
