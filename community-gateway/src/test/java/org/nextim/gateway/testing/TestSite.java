package org.nextim.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.nextim.gateway.GatewayConfig;
import org.nextim.gateway.GatewayVerticle;
import org.nextim.router.RouterConfig;
import org.nextim.router.RouterVerticle;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real in-process router and gateway (both on port 0) over a test database, and a blocking HTTP
 * client to drive them as browsers and a site would.
 */
public final class TestSite implements AutoCloseable {

  public static final String SITE_KEY = "test-site-key";
  public static final String JWT_SECRET = "test-secret-of-at-least-32-bytes!!";

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private String routerDeployment;
  private RouterVerticle router;
  private int routerPort;
  private GatewayVerticle gateway;
  private String gatewayUrl;

  private TestSite() {
  }

  /** Router + gateway; {@code demo} seeds the demo users (alice … victor) and rooms. */
  public static TestSite start(TestDb db, boolean demo) {
    return start(db, c -> c.setDemo(demo));
  }

  public static TestSite start(TestDb db, Consumer<GatewayConfig> tweak) {
    TestSite site = new TestSite();
    try {
      site.startRouter(0);
      GatewayConfig config = new GatewayConfig()
          .setPort(0).setHost("127.0.0.1")
          .setRouterUrl("http://127.0.0.1:" + site.routerPort)
          .setRouterPublicUrl("http://public.example:" + site.routerPort)
          .setSiteApiKey(SITE_KEY).setJwtSecret(JWT_SECRET)
          .setDb(db.url(), db.user(), db.password())
          .setDbPoolSize(4)
          .setRouterTimeoutMs(5_000)
          .setAllowedOrigins("http://site.example");
      tweak.accept(config);
      site.gateway = new GatewayVerticle(config);
      await(site.vertx.deployVerticle(site.gateway));
      site.gatewayUrl = "http://127.0.0.1:" + site.gateway.actualPort();
      return site;
    } catch (RuntimeException | Error e) {
      site.close();
      throw e;
    }
  }

  /** Waits (at most 30 s) for {@code f}. */
  public static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** Starts a router on {@code port} (0: any); the gateway keeps the URL it was given. */
  public void startRouter(int port) {
    RouterConfig cfg = new RouterConfig().setPort(port).setHost("127.0.0.1").setDomains("localhost=public")
        .setPollTimeoutMs(500).setIdleTimeoutMs(10_000).setEventLoops(1);
    router = new RouterVerticle(cfg);
    routerDeployment = await(vertx.deployVerticle(router));
    routerPort = router.actualPort();
  }

  /** The router this site talks to (its tenants, for tests that play the router's operator). */
  public RouterVerticle router() {
    return router;
  }

  public void stopRouter() {
    await(vertx.undeploy(routerDeployment));
    routerDeployment = null;
  }

  public int routerPort() {
    return routerPort;
  }

  public GatewayVerticle gateway() {
    return gateway;
  }

  public String url() {
    return gatewayUrl;
  }

  /** Raw bytes to the gateway, one connection per request (close it after use). */
  public RawHttp raw() {
    return new RawHttp(vertx, gateway.actualPort());
  }

  /** A token for {@code user} signed with the gateway's secret, valid for an hour. */
  public String token(String user) {
    return gateway.identity().sign(user, null, 3600);
  }

  /** Logs {@code user} in from a new page ({@code /webim/online}); asserts success. */
  public Page online(String user, String... kv) {
    String token = token(user);
    Reply r = post("/webim/online", token, params(kv));
    assertEquals(200, r.status(), () -> "online " + user + ": " + r);
    JsonObject json = r.json();
    assertTrue(json.getBoolean("success"), () -> "online " + user + ": " + r);
    return new Page(this, user, token, json);
  }

  public static Map<String, String> params(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }

  static String form(Map<String, String> params) {
    StringBuilder b = new StringBuilder();
    params.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  public Reply get(String path, String token, Map<String, String> params) {
    String q = params.isEmpty() ? "" : (path.contains("?") ? "&" : "?") + form(params);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gatewayUrl + path + q)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  public Reply post(String path, String token, Map<String, String> params) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(params)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  /** Any request to the gateway; {@code headers} as name, value pairs. */
  public Reply request(String method, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  /** A site API call with the right key. */
  public Reply site(String method, String path, Object json) {
    return request(method, path, json == null ? null : json.toString(), "X-Api-Key", SITE_KEY,
        "Content-Type", "application/json");
  }

  public Reply routerGet(String path, Map<String, String> params) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + path + "?" + form(params))).GET());
  }

  private Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
