package org.nextim.router.testing;

import io.vertx.core.Vertx;
import org.nextim.router.RouterConfig;
import org.nextim.router.RouterVerticle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A router deployed on a free port of 127.0.0.1 for one test, with two tenants. With the system property
 * {@code router.test.cluster=N} it is a router on each of N clustered Vert.x instances instead, and
 * {@link #rest()} spreads the requests over the nodes: the same tests then check the cluster.
 */
public final class TestRouter {

  public static final String DOMAIN = "test.com";
  public static final String APIKEY = "key1";
  public static final String OTHER_DOMAIN = "other.org";
  public static final String OTHER_APIKEY = "key2";

  private final List<Vertx> vertxes;
  private final RouterConfig config;
  private final List<String> deploymentIds;
  private final List<Integer> ports;

  private TestRouter(List<Vertx> vertxes, RouterConfig config, List<String> deploymentIds, List<Integer> ports) {
    this.vertxes = vertxes;
    this.config = config;
    this.deploymentIds = deploymentIds;
    this.ports = ports;
  }

  /** Nodes of the shared test cluster this run uses, or 0 for a single router. */
  public static int clusterNodes() {
    return Integer.getInteger("router.test.cluster", 0);
  }

  /**
   * Short timeouts so the suite stays fast; tests adjust what they measure. No load shedding: a router
   * just deployed in a test JVM runs late while it loads its classes, and would refuse the test's first
   * calls (OverloadTest and the chaos suite check the shedding).
   */
  public static RouterConfig defaults() {
    return new RouterConfig().setPort(0).setHost("127.0.0.1")
        .setDomains(DOMAIN + "=" + APIKEY + "," + OTHER_DOMAIN + "=" + OTHER_APIKEY)
        .setPollTimeoutMs(500).setIdleTimeoutMs(3000).setPageBuffer(50).setMaxBodyBytes(4096).setShedLagMs(0);
  }

  public static TestRouter start(Vertx vertx) {
    return start(vertx, defaults());
  }

  public static TestRouter start(Vertx vertx, RouterConfig config) {
    List<Vertx> vertxes = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    if (clusterNodes() > 0) {
      for (TestCluster.Deployed d : TestCluster.shared(clusterNodes()).redeploy(config)) {
        ids.add(d.deploymentId());
        vertxes.add(d.member().vertx());
        ports.add(d.router().actualPort());
      }
    } else {
      RouterVerticle verticle = new RouterVerticle(config);
      ids.add(deploy(vertx, verticle));
      vertxes.add(vertx);
      ports.add(verticle.actualPort());
    }
    TestRouter router = new TestRouter(vertxes, config, ids, ports);
    // The first request of a JVM is slow (class loading); keep that out of timing-sensitive tests.
    router.rest().rawGet("/warm-up");
    return router;
  }

  public RouterConfig config() { return config; }
  private static String deploy(Vertx vertx, RouterVerticle verticle) {
    try {
      return vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("router did not deploy", e);
    }
  }

  /** The (first) node's port. */
  public int port() { return ports.get(0); }
  public String baseUrl() { return "http://127.0.0.1:" + port(); }

  /** Every node's base URL (one for a single router). */
  public List<String> baseUrls() {
    return ports.stream().map(p -> "http://127.0.0.1:" + p).toList();
  }

  /** Calls as the {@value #DOMAIN} tenant. */
  public RestClient rest() {
    return new RestClient(baseUrls(), DOMAIN, APIKEY);
  }

  /** Calls as the {@value #OTHER_DOMAIN} tenant. */
  public RestClient otherRest() {
    return new RestClient(baseUrls(), OTHER_DOMAIN, OTHER_APIKEY);
  }

  /** Logs a user of {@value #DOMAIN} in; see {@link RestClient#login}. */
  public Page login(String name, String... keyValues) {
    return rest().login(name, keyValues);
  }

  public void stop() {
    try {
      for (int i = 0; i < vertxes.size(); i++) {
        vertxes.get(i).undeploy(deploymentIds.get(i)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("router did not undeploy", e);
    }
  }
}
