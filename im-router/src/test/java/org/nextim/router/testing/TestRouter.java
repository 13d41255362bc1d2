package org.nextim.router.testing;

import io.vertx.core.Vertx;
import org.nextim.router.RouterConfig;
import org.nextim.router.RouterVerticle;

import java.util.concurrent.TimeUnit;

/** A router deployed on a free port of 127.0.0.1 for one test, with two tenants. */
public final class TestRouter {

  public static final String DOMAIN = "test.com";
  public static final String APIKEY = "key1";
  public static final String OTHER_DOMAIN = "other.org";
  public static final String OTHER_APIKEY = "key2";

  private final Vertx vertx;
  private final RouterConfig config;
  private final String deploymentId;
  private final int port;

  private TestRouter(Vertx vertx, RouterConfig config, String deploymentId, int port) {
    this.vertx = vertx;
    this.config = config;
    this.deploymentId = deploymentId;
    this.port = port;
  }

  /** Short timeouts so the suite stays fast; tests adjust what they measure. */
  public static RouterConfig defaults() {
    return new RouterConfig().setPort(0).setHost("127.0.0.1")
        .setDomains(DOMAIN + "=" + APIKEY + "," + OTHER_DOMAIN + "=" + OTHER_APIKEY)
        .setPollTimeoutMs(500).setIdleTimeoutMs(3000).setPageBuffer(50).setMaxBodyBytes(4096);
  }

  public static TestRouter start(Vertx vertx) {
    return start(vertx, defaults());
  }

  public static TestRouter start(Vertx vertx, RouterConfig config) {
    RouterVerticle verticle = new RouterVerticle(config);
    String id;
    try {
      id = vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("router did not deploy", e);
    }
    TestRouter router = new TestRouter(vertx, config, id, verticle.actualPort());
    // The first request of a JVM is slow (class loading); keep that out of timing-sensitive tests.
    router.rest().rawGet("/warm-up");
    return router;
  }

  public RouterConfig config() { return config; }
  public int port() { return port; }
  public String baseUrl() { return "http://127.0.0.1:" + port; }

  /** Calls as the {@value #DOMAIN} tenant. */
  public RestClient rest() {
    return new RestClient(baseUrl(), DOMAIN, APIKEY);
  }

  /** Calls as the {@value #OTHER_DOMAIN} tenant. */
  public RestClient otherRest() {
    return new RestClient(baseUrl(), OTHER_DOMAIN, OTHER_APIKEY);
  }

  /** Logs a user of {@value #DOMAIN} in; see {@link RestClient#login}. */
  public Page login(String name, String... keyValues) {
    return rest().login(name, keyValues);
  }

  public void stop() {
    try {
      vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("router did not undeploy", e);
    }
  }
}
