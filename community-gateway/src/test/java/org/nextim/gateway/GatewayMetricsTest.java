package org.nextim.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.nextim.gateway.http.Replies;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;
import org.nextim.launcher.ServiceMetrics;
import org.nextim.openapi.ApiReply;
import org.nextim.openapi.HttpDriver;
import org.nextim.router.RouterConfig;
import org.nextim.router.RouterVerticle;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.gateway.testing.TestSite.await;

/**
 * {@code GET /metrics} after real traffic through a gateway whose Vert.x reports to its registry (as
 * {@code Main} builds it) and a real router: each series the README lists has the value the traffic
 * implies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class GatewayMetricsTest {

  private static final String TOKEN = "metrics-secret";
  private final PrometheusMeterRegistry registry = ServiceMetrics.newRegistry();
  private Vertx vertx;
  private GatewayVerticle gateway;
  private HttpDriver http;

  @BeforeAll
  void start() {
    vertx = ServiceMetrics.vertxBuilder(new VertxOptions(), registry).build();
    RouterVerticle router = new RouterVerticle(new RouterConfig().setPort(0).setHost("127.0.0.1")
        .setDomains("localhost=public").setIdleTimeoutMs(60_000).setEventLoops(1));
    await(vertx.deployVerticle(router));
    TestDb db = TestDb.h2();
    gateway = new GatewayVerticle(new GatewayConfig().setPort(0).setHost("127.0.0.1")
        .setRouterUrl("http://127.0.0.1:" + router.actualPort()).setRouterPublicUrl("http://127.0.0.1:" + router.actualPort())
        .setSiteApiKey(TestSite.SITE_KEY).setJwtSecret(TestSite.JWT_SECRET).setDb(db.url(), db.user(), db.password())
        .setDbPoolSize(3).setDemo(true).setMetricsToken(TOKEN), registry);
    await(vertx.deployVerticle(gateway));
    http = new HttpDriver("http://127.0.0.1:" + gateway.actualPort());
  }

  @AfterAll
  void stop() {
    await(vertx.close());
  }

  private ApiReply as(String user, String method, String path, String... params) {
    String auth = "Bearer " + gateway.identity().sign(user, null, 3600);
    return "GET".equals(method) ? http.send("GET", path + "?" + HttpDriver.form(params), null, null, "Authorization", auth)
        : http.send(method, path, "application/x-www-form-urlencoded", HttpDriver.form(params), "Authorization", auth);
  }

  private String online(String user) {
    ApiReply r = as(user, "POST", "/webim/online");
    assertEquals(200, r.status(), r.toString());
    return new JsonObject(r.body()).getJsonObject("connection").getString("ticket");
  }

  @Test
  void theSeriesCountTheTraffic() {
    String alice = online("alice");
    online("bob");
    assertEquals(200, as("alice", "POST", "/webim/message", "ticket", alice, "to", "bob", "body", "hi bob").status());
    assertEquals(200, as("alice", "POST", "/webim/message", "ticket", alice, "to", "judy", "body", "for later").status());
    assertEquals(200, as("alice", "POST", "/webim/message", "ticket", alice, "to", "erin", "body", "later too").status());
    online("judy"); // gets the one kept for her
    assertEquals(200, as("alice", "GET", "/webim/im.php", "webim_action", "setting").status());
    assertEquals(404, as("alice", "GET", "/webim/teleport").status());
    assertEquals(404, as("alice", "GET", "/webim/im.php", "webim_action", "x".repeat(40)).status());
    assertEquals(401, http.post("/webim/message", "ticket", alice, "to", "bob", "body", "who?").status());

    assertEquals(401, http.get("/metrics").status());
    ApiReply scraped = http.send("GET", "/metrics", null, null, "Authorization", "Bearer " + TOKEN);
    assertEquals(200, scraped.status());
    assertTrue(scraped.header("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
    String text = scraped.body();

    assertEquals(3, value(text, "nextim_gateway_requests_total", "action=\"online\",status=\"200\""));
    assertEquals(3, value(text, "nextim_gateway_requests_total", "action=\"message\",status=\"200\""));
    assertEquals(1, value(text, "nextim_gateway_requests_total", "action=\"message\",status=\"401\""));
    assertEquals(1, value(text, "nextim_gateway_requests_total", "action=\"setting\",status=\"200\""), "im.php counts as its action");
    assertEquals(2, value(text, "nextim_gateway_requests_total", "action=\"unknown\",status=\"404\""), "unknown names share one label");
    assertTrue(!text.contains("teleport") && !text.contains("xxxxxxxx"), "no label from a request's own name");

    assertEquals(3, value(text, "nextim_gateway_router_call_seconds_count", "call=\"presences/online\",outcome=\"ok\""));
    assertEquals(3, value(text, "nextim_gateway_router_call_seconds_count", "call=\"messages\",outcome=\"ok\""));
    assertEquals(0, value(text, "nextim_gateway_router_call_seconds_count", "call=\"messages\",outcome=\"unavailable\""));
    assertTrue(value(text, "nextim_gateway_router_call_seconds_sum", "call=\"messages\",outcome=\"ok\"") > 0);

    assertEquals(2, value(text, "nextim_gateway_offline_messages_stored_total", null), "judy's and erin's");
    assertEquals(1, value(text, "nextim_gateway_offline_messages_delivered_total", null), "judy's, at her sign-in");

    assertEquals(3, value(text, "hikaricp_connections_max", "pool=\"gateway-db\""));
    assertTrue(value(text, "hikaricp_connections_acquire_seconds_count", "pool=\"gateway-db\"") > 0);
    assertTrue(value(text, "nextim_gateway_db_transaction_seconds_count", "outcome=\"commit\"") > 10);
    assertTrue(value(text, "nextim_gateway_db_statements_total", null) > 10);

    assertTrue(value(text, "vertx_http_server_requests_total", null) >= 12, "Vert.x's own HTTP series are on");
    assertTrue(value(text, "vertx_http_client_requests_total", null) >= 6, () -> "and its HTTP client's (the router calls): "
        + text.lines().filter(l -> l.startsWith("vertx_http_client")).toList());
    assertTrue(text.contains("jvm_memory_used_bytes"), "and the JVM's");
  }

  /**
   * A browser that goes away while its request's body is on its way (a closed tab, a lost network) is
   * not the gateway's failure: no error is logged and no 5xx counted.
   */
  @Test
  void aClientThatLeavesMidBodyIsNoServerError() throws Exception {
    Logger replies = (Logger) LoggerFactory.getLogger(Replies.class);
    CountDownLatch wentAway = new CountDownLatch(1);
    List<ILoggingEvent> errors = new CopyOnWriteArrayList<>();
    AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent e) {
        if (e.getLevel().isGreaterOrEqual(Level.ERROR)) {
          errors.add(e);
        } else if (e.getFormattedMessage().contains("/webim/message: the client went away")) {
          wentAway.countDown();
        }
      }
    };
    appender.start();
    Level level = replies.getLevel();
    replies.setLevel(Level.DEBUG);
    replies.addAppender(appender);
    try {
      try (Socket socket = new Socket("127.0.0.1", gateway.actualPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /webim/message HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nticket=x&to=b")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      assertTrue(wentAway.await(10, TimeUnit.SECONDS), () -> "not told apart from a failure: " + errors);
      assertEquals(List.of(), errors.stream().map(ILoggingEvent::getFormattedMessage).toList());
    } finally {
      replies.detachAppender(appender);
      replies.setLevel(level);
    }
    String text = http.send("GET", "/metrics", null, null, "Authorization", "Bearer " + TOKEN).body();
    assertFalse(text.lines().anyMatch(l -> l.startsWith("nextim_gateway_requests_total") && l.contains("status=\"5")),
        () -> "a 5xx counted: " + text.lines().filter(l -> l.startsWith("nextim_gateway_requests_total")).toList());
  }

  /** The sum of a series' samples whose labels contain {@code labels} (all of them when null). */
  private static double value(String text, String name, String labels) {
    Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(text);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      String l = m.group(1) == null ? "" : m.group(1);
      if (labels == null || l.contains(labels)) {
        sum += Double.parseDouble(m.group(2));
        found = true;
      }
    }
    if (!found && (labels == null || !labels.contains("outcome=\"unavailable\""))) {
      throw new AssertionError("no sample of " + name + (labels == null ? "" : "{" + labels + "}") + " in:\n"
          + text.lines().filter(x -> x.startsWith(name.replaceAll("_(total|count|sum)$", ""))).toList());
    }
    return sum;
  }
}
