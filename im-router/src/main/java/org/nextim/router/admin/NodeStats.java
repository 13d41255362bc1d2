package org.nextim.router.admin;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.nextim.router.core.Domain;
import org.nextim.router.core.DomainMeters;
import org.nextim.router.core.Domains;
import org.nextim.router.core.Hub;
import org.nextim.router.core.Page;
import org.nextim.router.core.User;

import java.util.ArrayDeque;

/**
 * This node's load and counters as the admin API shows them: users, pages, held polls, messages/s and
 * deliveries/s (over the last {@value #WINDOW_S} seconds, sampled each second), and per domain its
 * users here and its counters since this node started (the console turns those into rates).
 */
public final class NodeStats {

  private static final int WINDOW_S = 5;

  private record Sample(long nanos, long messages, long delivered) {
  }

  private final String node;
  private final Hub hub;
  private final Domains domains;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private final Vertx vertx;
  private long timer = -1;

  public NodeStats(Vertx vertx, String node, Hub hub, Domains domains) {
    this.vertx = vertx;
    this.node = node;
    this.hub = hub;
    this.domains = domains;
  }

  /** Samples every second (and turns the domains' days over). */
  public void start() {
    sample();
    timer = vertx.setPeriodic(1000, id -> sample());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  public String node() {
    return node;
  }

  private synchronized void sample() {
    long messages = 0;
    long delivered = 0;
    for (Domain d : domains.all()) {
      JsonObject m = d.meters().toJson();
      messages += d.meters().messages();
      delivered += m.getLong("delivered");
      d.messagesToday();
    }
    samples.addLast(new Sample(System.nanoTime(), messages, delivered));
    while (samples.size() > WINDOW_S + 1) {
      samples.removeFirst();
    }
  }

  /** This node now: {@code {node, reachable, users, pages, polls_held, messages_per_second, deliveries_per_second, domains}}. */
  public synchronized JsonObject snapshot() {
    JsonObject perDomain = new JsonObject();
    int users = 0;
    for (Domain d : domains.all()) {
      int online = hub.userCount(d.name());
      users += online;
      DomainMeters m = d.meters();
      perDomain.put(d.name(), m.toJson().put("online", online).put("messages_today", d.messagesToday()));
    }
    int held = 0;
    for (Page page : hub.pages()) {
      if (page.holdsPoll()) {
        held++;
      }
    }
    double messagesPerSecond = 0;
    double deliveriesPerSecond = 0;
    if (samples.size() >= 2) {
      Sample first = samples.getFirst();
      Sample last = samples.getLast();
      double seconds = (last.nanos() - first.nanos()) / 1e9;
      if (seconds > 0) {
        messagesPerSecond = (last.messages() - first.messages()) / seconds;
        deliveriesPerSecond = (last.delivered() - first.delivered()) / seconds;
      }
    }
    return new JsonObject().put("node", node).put("reachable", true).put("time", System.currentTimeMillis())
        .put("users", users).put("pages", hub.pageCount()).put("polls_held", held)
        .put("messages_per_second", round(messagesPerSecond)).put("deliveries_per_second", round(deliveriesPerSecond))
        .put("domains", perDomain);
  }

  /**
   * This node's view of one user: {@code {node, reachable, pages, polls_held, moved_to}}, where
   * {@code pages} counts the user's pages held here and {@code moved_to} names the node they were
   * handed to (a stopping node), or is null.
   */
  public JsonObject user(String domain, String name) {
    User user = hub.user(domain, name);
    int held = 0;
    if (user != null) {
      for (Page page : user.pages()) {
        if (page.holdsPoll()) {
          held++;
        }
      }
    }
    return new JsonObject().put("node", node).put("reachable", true).put("pages", user == null ? 0 : user.pageCount())
        .put("polls_held", held).put("moved_to", user == null ? null : user.movedTo());
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
