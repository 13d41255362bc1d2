package org.nextim.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nextim.launcher.ServiceMetrics;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health and metrics endpoints of a web client whose Vert.x reports to its registry, as {@link Main} builds it. */
class OpsRoutesTest {

  private static final String TOKEN = "scrape-me";

  private PrometheusMeterRegistry registry;
  private Vertx vertx;
  private WebClient client;
  private int port;

  @BeforeEach
  void start() throws Exception {
    registry = ServiceMetrics.newRegistry();
    vertx = ServiceMetrics.vertxBuilder(new VertxOptions(), registry).build();
    WebVerticle verticle = new WebVerticle(new WebConfig().setPort(0).setHost("127.0.0.1").setMetricsToken(TOKEN),
        registry);
    vertx.deployVerticle(verticle).await(20, TimeUnit.SECONDS);
    port = verticle.actualPort();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(int port, String path) throws Exception {
    return client.get(port, "127.0.0.1", path).send().await(20, TimeUnit.SECONDS);
  }

  @Test
  void liveAndReadyAnswerHealthJsonAndHealthStaysPlainOk() throws Exception {
    HttpResponse<Buffer> live = get(port, "/health/live");
    assertEquals(200, live.statusCode());
    assertEquals("UP", live.bodyAsJsonObject().getString("status"), live.bodyAsString());
    HttpResponse<Buffer> ready = get(port, "/health/ready");
    assertEquals(200, ready.statusCode(), ready.bodyAsString());
    JsonObject check = ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0);
    assertEquals("webroot", check.getString("id"));
    assertEquals("UP", check.getString("status"));
    HttpResponse<Buffer> plain = get(port, "/health");
    assertEquals(200, plain.statusCode());
    assertEquals("ok", plain.bodyAsString());
  }

  @Test
  void notReadyWhenTheWebRootCannotBeReadAndSaysWhatIsMissing() throws Exception {
    Router web = Router.router(vertx);
    new OpsRoutes(vertx, "no-such-webroot", registry, null).mount(web);
    int other = vertx.createHttpServer().requestHandler(web).listen(0, "127.0.0.1")
        .await(20, TimeUnit.SECONDS).actualPort();
    HttpResponse<Buffer> ready = get(other, "/health/ready");
    assertEquals(503, ready.statusCode(), ready.bodyAsString());
    JsonObject check = ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0);
    assertEquals("DOWN", check.getString("status"));
    assertTrue(check.getJsonObject("data").getJsonArray("missing").contains("webim/webim.js"), check::encode);
    assertEquals(200, get(other, "/health/live").statusCode(), "the process still serves");
  }

  @Test
  void metricsCountPageViewsAndWidgetLoadsBehindTheToken() throws Exception {
    assertEquals(200, get(port, "/groups/dev").statusCode());
    assertEquals(200, get(port, "/rooms/dev").statusCode());
    assertEquals(200, get(port, "/").statusCode());
    assertEquals(200, get(port, "/webim/webim.js").statusCode());
    assertEquals(200, get(port, "/webim/core/client.js").statusCode()); // a module of it: not a load

    HttpResponse<Buffer> refused = get(port, "/metrics");
    assertEquals(401, refused.statusCode());
    assertEquals("Bearer", refused.getHeader("WWW-Authenticate"));
    assertEquals("authentication_failed", refused.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> wrong = client.get(port, "127.0.0.1", "/metrics").putHeader("Authorization", "Bearer nope")
        .send().await(20, TimeUnit.SECONDS);
    assertEquals(401, wrong.statusCode());

    HttpResponse<Buffer> scrape = client.get(port, "127.0.0.1", "/metrics")
        .putHeader("Authorization", "Bearer " + TOKEN).send().await(20, TimeUnit.SECONDS);
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.getHeader("Content-Type").startsWith("text/plain; version=0.0.4"));
    String text = scrape.bodyAsString();
    assertEquals(2.0, sample(text, "nextim_web_page_views_total{page=\"group\"}"), text);
    assertEquals(1.0, sample(text, "nextim_web_page_views_total{page=\"home\"}"), text);
    assertEquals(0.0, sample(text, "nextim_web_page_views_total{page=\"members\"}"), text);
    assertEquals(1.0, sample(text, "nextim_web_widget_loads_total"), text);
    assertTrue(text.contains("vertx_http_server_requests_total{"), "Vert.x's own HTTP series");
    assertTrue(text.contains("jvm_memory_used_bytes{"), "the JVM's series");

    HttpResponse<Buffer> post = client.post(port, "127.0.0.1", "/metrics").putHeader("Authorization", "Bearer " + TOKEN)
        .send().await(20, TimeUnit.SECONDS);
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.getHeader("Allow"));
    assertEquals("method_not_allowed", post.bodyAsJsonObject().getString("error"));
  }

  /** The value of one sample line of the Prometheus text, by its name and labels exactly. */
  private static double sample(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    assertTrue(m.find(), series + " is scraped");
    return Double.parseDouble(m.group(1));
  }
}
