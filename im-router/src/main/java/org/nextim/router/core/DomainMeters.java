package org.nextim.router.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopTimer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One domain's router series on this node, resolved once when the domain appears and held by the
 * domain's users, so the hot path increments a counter it already has (no tag lookup per packet):
 * {@code nextim_logins_total}, {@code nextim_messages_total{type}}, {@code nextim_packets_delivered_total},
 * {@code nextim_messages_no_page_total}, {@code nextim_page_overflows_total} and the timer
 * {@code nextim_poll_answer_seconds}, each with the tag {@code domain}.
 */
public final class DomainMeters {

  /** Counts nothing: for users of a domain the router does not know (a race with its deletion). */
  public static final DomainMeters NONE = new DomainMeters();

  private static final Duration[] POLL_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
      Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30)};

  final Counter logins;
  final Counter unicast;
  final Counter multicast;
  final Counter broadcast;
  final Counter statuses;
  final Counter delivered;
  final Counter noPage;
  final Counter overflows;
  final Timer pollAnswer;
  private final List<Meter> meters;

  private DomainMeters() {
    logins = noop("logins");
    unicast = noop("unicast");
    multicast = noop("multicast");
    broadcast = noop("broadcast");
    statuses = noop("status");
    delivered = noop("delivered");
    noPage = noop("nopage");
    overflows = noop("overflows");
    pollAnswer = new NoopTimer(new Meter.Id("nextim.poll.answer", Tags.empty(), null, null, Meter.Type.TIMER));
    meters = List.of();
  }

  private DomainMeters(MeterRegistry registry, String domain) {
    Tags tags = Tags.of("domain", domain);
    logins = Counter.builder("nextim.logins").tags(tags).description("Logins (pages opened by /presences/online)")
        .register(registry);
    unicast = message(registry, tags, "unicast");
    multicast = message(registry, tags, "multicast");
    broadcast = message(registry, tags, "broadcast");
    statuses = message(registry, tags, "status");
    delivered = Counter.builder("nextim.packets.delivered").tags(tags)
        .description("Packets (messages, presences, statuses) queued to pages on this node").register(registry);
    noPage = Counter.builder("nextim.messages.no.page").tags(tags)
        .description("Messages sent here that reached no page (a gateway keeps a unicast one offline)").register(registry);
    overflows = Counter.builder("nextim.page.overflows").tags(tags)
        .description("Packets dropped from a full page buffer (that page must log in again)").register(registry);
    pollAnswer = Timer.builder("nextim.poll.answer").tags(tags)
        .description("From a poll's arrival at the page's node to its answer").serviceLevelObjectives(POLL_BUCKETS)
        .register(registry);
    meters = List.of(logins, unicast, multicast, broadcast, statuses, delivered, noPage, overflows, pollAnswer);
  }

  /** Registers the domain's series in {@code registry}. */
  public static DomainMeters register(MeterRegistry registry, String domain) {
    return new DomainMeters(registry, domain);
  }

  /** Takes the domain's series out of {@code registry} (the domain was deleted). */
  public void unregister(MeterRegistry registry) {
    meters.forEach(registry::remove);
  }

  private static Counter message(MeterRegistry registry, Tags tags, String type) {
    return Counter.builder("nextim.messages").tags(tags).tag("type", type)
        .description("Messages and statuses sent, by type (status: typing notices)").register(registry);
  }

  private static Counter noop(String name) {
    return new NoopCounter(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.COUNTER));
  }

  public void login() {
    logins.increment();
  }

  /** A message of {@code type} (unicast, multicast, broadcast) or a status ("status"). */
  public void sent(String type) {
    switch (type) {
      case "unicast" -> unicast.increment();
      case "multicast" -> multicast.increment();
      case "broadcast" -> broadcast.increment();
      default -> statuses.increment();
    }
  }

  public void reachedNoPage() {
    noPage.increment();
  }

  void delivered(int packets) {
    delivered.increment(packets);
  }

  void overflow() {
    overflows.increment();
  }

  public void pollAnswered(long sinceNanos) {
    pollAnswer.record(System.nanoTime() - sinceNanos, TimeUnit.NANOSECONDS);
  }

  /** Messages sent (statuses not counted) since this node started. */
  public long messages() {
    return (long) (unicast.count() + multicast.count() + broadcast.count());
  }

  /** This node's counts, for the admin API's stats. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("logins", (long) logins.count())
        .put("messages", new JsonObject().put("unicast", (long) unicast.count()).put("multicast", (long) multicast.count())
            .put("broadcast", (long) broadcast.count()).put("status", (long) statuses.count()))
        .put("delivered", (long) delivered.count())
        .put("no_page", (long) noPage.count())
        .put("overflows", (long) overflows.count())
        .put("polls_answered", pollAnswer.count());
  }
}
