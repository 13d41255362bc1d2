package org.nextim.router.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster node's operator endpoints: {@code GET /metrics} in the Prometheus text format (what its link
 * to the other node carried, the live nodes, its users, pages and held polls), and its health.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMetricsTest {

  private static TestCluster cluster;
  private static List<RouterVerticle> routers;
  private static List<RestClient> nodes;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2);
    routers = cluster.deploy(TestRouter.defaults());
    nodes = TestCluster.clients(routers);
    TestCluster.awaitMesh(routers);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** A user whose home is node {@code node} (a login lands where it arrives when the user is new). */
  private static Page homedAt(int node, String prefix) {
    return TestCluster.homedAt(routers, nodes.get(node), node, prefix);
  }

  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    assertTrue(m.find(), () -> series + " missing in\n" + metrics);
    return Double.parseDouble(m.group(1));
  }

  @Test
  @Order(1)
  void aCrossNodeMessageShowsOnTheSendersLink() {
    Page alice = homedAt(0, "metrics-alice");
    Page bob = homedAt(1, "metrics-bob");
    String peer = routers.get(0).cluster().id();
    String before = nodes.get(1).get("/metrics").body();
    double framesBefore = value(before, "nextim_link_frames_total{peer=\"" + peer + "\"}");
    double batchesBefore = value(before, "nextim_link_batches_total{peer=\"" + peer + "\"}");
    double acksBefore = value(before, "nextim_link_acks_total{peer=\"" + peer + "\"}");

    Reply sent = bob.rest().post("/messages", "ticket", bob.ticket(), "to", alice.user(), "body", "hi", "ack", "1");
    assertEquals(200, sent.status(), sent::toString);
    assertEquals(List.of("hi"), alice.poll().bodies());

    Reply scraped = nodes.get(1).get("/metrics");
    assertEquals(200, scraped.status());
    assertTrue(scraped.headers().firstValue("content-type").orElse("").startsWith("text/plain"), scraped::toString);
    String after = scraped.body();
    assertTrue(value(after, "nextim_link_frames_total{peer=\"" + peer + "\"}") >= framesBefore + 1, after);
    assertTrue(value(after, "nextim_link_batches_total{peer=\"" + peer + "\"}") >= batchesBefore + 1, after);
    assertTrue(value(after, "nextim_link_bytes_total{peer=\"" + peer + "\"}") > 0, after);
    // The call waited for its count: the acknowledgement that carried it was counted before it answered.
    assertTrue(value(after, "nextim_link_acks_total{peer=\"" + peer + "\"}") >= acksBefore + 1, after);
    // Counted (a loaded box may resend a batch whose acknowledgement came late: not asserted as 0).
    assertTrue(value(after, "nextim_link_resends_total{peer=\"" + peer + "\"}") >= 0, after);
    assertEquals(2.0, value(after, "nextim_cluster_nodes"), after);
    assertTrue(value(after, "nextim_users_online{domain=\"" + TestRouter.DOMAIN + "\"}") >= 1, after);
    assertTrue(value(after, "nextim_pages") >= 1, after);
    assertTrue(after.contains("nextim_polls_held "), after);
  }

  @Test
  @Order(2) // it drains node 1
  void aNodeIsLiveAndReadyAndTurnsUnreadyWhileItHandsItsPagesOver() throws Exception {
    Reply live = nodes.get(1).get("/health/live");
    assertEquals(200, live.status(), live::toString);
    assertEquals("UP", new JsonObject(live.body()).getString("status"));
    Reply ready = nodes.get(1).get("/health/ready");
    assertEquals(200, ready.status(), ready::toString);
    JsonObject check = new JsonObject(ready.body()).getJsonArray("checks").getJsonObject(0);
    assertEquals("cluster", check.getString("id"));
    assertEquals("UP", check.getString("status"));
    assertEquals(2, check.getJsonObject("data").getInteger("liveNodes"), ready::body);

    // A planned stop (what SIGTERM starts): unready at once, while it still serves.
    routers.get(1).cluster().drain(5_000).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Reply draining = nodes.get(1).get("/health/ready");
    assertEquals(503, draining.status(), draining::toString);
    JsonObject down = new JsonObject(draining.body());
    assertEquals("DOWN", down.getString("status"));
    assertEquals(true, down.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getBoolean("draining"));
    assertEquals(200, nodes.get(1).get("/health/live").status(), "alive all the same");
    assertEquals(200, nodes.get(0).get("/health/ready").status(), "the other node takes the traffic");
  }
}
