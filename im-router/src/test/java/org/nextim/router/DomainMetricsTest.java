package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/**
 * The router's per-domain series on {@code GET /metrics} after real traffic: logins, messages by type,
 * packets delivered to pages, messages that reached no page, page-buffer overflows and poll answer
 * latency, each counted exactly, each domain apart. One router alone (counts on a cluster split over
 * the nodes).
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class DomainMetricsTest {

  private static final String D = "domain=\"" + TestRouter.DOMAIN + "\"";

  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    assertTrue(m.find(), () -> series + " missing in\n" + metrics);
    return Double.parseDouble(m.group(1));
  }

  private static double messages(String metrics, String type) {
    return value(metrics, "nextim_messages_total{" + D + ",type=\"" + type + "\"}");
  }

  @Test
  void trafficShowsInTheDomainsSeries(Vertx vertx) throws Exception {
    RouterVerticle router = new RouterVerticle(TestRouter.defaults().setRateLimits(false).setPageBuffer(5));
    vertx.deployVerticle(router).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    RestClient rest = new RestClient("http://127.0.0.1:" + router.actualPort(), TestRouter.DOMAIN, TestRouter.APIKEY);
    RestClient other = rest.as(TestRouter.OTHER_DOMAIN, TestRouter.OTHER_APIKEY);

    String before = rest.rawGet("/metrics").body();
    assertEquals(0.0, value(before, "nextim_logins_total{" + D + "}"), "a configured domain has its series from the start");
    assertEquals(0.0, messages(before, "unicast"));

    Page alice = rest.login("alice", "rooms", "r1");
    Page bob = rest.login("bob", "rooms", "r1");
    other.login("zed");
    alice.poll();
    bob.poll();
    String start = rest.rawGet("/metrics").body();
    double delivered = value(start, "nextim_packets_delivered_total{" + D + "}");
    double polls = value(start, "nextim_poll_answer_seconds_count{" + D + "}");

    assertOk(alice.rest().post("/messages", "ticket", alice.ticket(), "to", "bob", "body", "u1"));
    assertOk(alice.rest().post("/messages", "ticket", alice.ticket(), "to", "r1", "type", "multicast", "body", "m1"));
    assertOk(alice.rest().post("/messages", "ticket", alice.ticket(), "type", "broadcast", "body", "b1"));
    assertOk(alice.rest().post("/messages", "ticket", alice.ticket(), "to", "nobody", "body", "lost"));
    assertOk(alice.rest().post("/statuses", "ticket", alice.ticket(), "to", "bob", "show", "typing"));
    assertTrue(bob.awaitPackets(in -> in.hasBody("b1") && in.hasStatus("alice", "typing"), 5000).hasBody("u1"));
    assertTrue(bob.poll().isEmpty(), "acknowledges what bob has seen: his buffer is empty now");
    // Seven more packets for bob without a poll: his 5-packet buffer overflows twice.
    for (int i = 0; i < 7; i++) {
      assertOk(alice.rest().post("/messages", "ticket", alice.ticket(), "to", "bob", "body", "x" + i));
    }

    String after = rest.rawGet("/metrics").body();
    assertEquals(2.0, value(after, "nextim_logins_total{" + D + "}"), after);
    assertEquals(1.0, value(after, "nextim_logins_total{domain=\"" + TestRouter.OTHER_DOMAIN + "\"}"), after);
    assertEquals(9.0, messages(after, "unicast"), after);
    assertEquals(1.0, messages(after, "multicast"), after);
    assertEquals(1.0, messages(after, "broadcast"), after);
    assertEquals(1.0, messages(after, "status"), after);
    assertEquals(0.0, value(after, "nextim_messages_total{domain=\"" + TestRouter.OTHER_DOMAIN + "\",type=\"unicast\"}"), after);
    // To bob: u1, m1, b1, the status, x0..x6 — 11 packets; the message to nobody reached no page.
    assertEquals(delivered + 11, value(after, "nextim_packets_delivered_total{" + D + "}"), after);
    assertEquals(1.0, value(after, "nextim_messages_no_page_total{" + D + "}"), after);
    assertEquals(2.0, value(after, "nextim_page_overflows_total{" + D + "}"), after);
    double answered = value(after, "nextim_poll_answer_seconds_count{" + D + "}");
    assertTrue(answered >= polls + 1, after);
    assertTrue(value(after, "nextim_poll_answer_seconds_sum{" + D + "}") > 0, after);
    assertTrue(after.contains("nextim_poll_answer_seconds_bucket{" + D + ",le=\"0.1\"}"), after);
  }
}
