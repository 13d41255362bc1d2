package org.nextim.router;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.nextim.launcher.ServiceLauncher;
import org.nextim.launcher.ServiceMetrics;
import org.nextim.router.cluster.ClusterSetup;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code java -jar im-router.jar [config.json]}: configuration from the environment, then the JSON file
 * {@code ROUTER_CONFIG_FILE} names (the argument is the same as setting it), then the defaults; see
 * {@link RouterSettings} and docs/configuration.md.
 */
public final class Main {

  /** How long a SIGTERMed node may take to hand its pages over before it stops anyway. */
  private static final long DRAIN_LIMIT_MS = 10_000;
  /** After the handoff, how long REST calls in flight may take to be answered before Vert.x closes. */
  private static final long CALLS_LIMIT_MS = 3_000;

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (args.length > 0) {
      env.putIfAbsent(RouterSettings.ALL.fileVariable(), args[0]);
    }
    RouterConfig config = ServiceLauncher.configuration("im-router", env, RouterConfig::fromEnv);
    PrometheusMeterRegistry metrics = ServiceMetrics.newRegistry();
    VertxOptions options = config.vertxOptions();
    HazelcastClusterManager manager = config.cluster() ? ClusterSetup.clusterManager(config) : null;
    RouterVerticle router = new RouterVerticle(config, manager, metrics);
    Callable<Vertx> vertx = manager == null
        ? () -> ServiceMetrics.vertxBuilder(options, metrics).build()
        : () -> ServiceMetrics.vertxBuilder(ClusterSetup.eventBusOn(config, options), metrics).withClusterManager(manager)
            .buildClustered().toCompletionStage().toCompletableFuture().get();
    ServiceLauncher.run("im-router", vertx, new ServiceLauncher.Service() {
      @Override
      public Future<?> start(Vertx v) {
        return v.deployVerticle(router).onSuccess(id -> {
          if (router.cluster() != null) {
            // A fenced node has dropped its pages and must leave: exit so that its supervisor restarts it.
            router.cluster().onFenced(() -> ServiceLauncher.exitLater(3, "fenced: this node left the cluster"));
          }
        });
      }

      @Override
      public Future<?> drain() {
        // A planned stop: hand the pages over, then answer every held poll.
        return router.drain(DRAIN_LIMIT_MS, CALLS_LIMIT_MS);
      }
    }, new ServiceLauncher.Limits(Duration.ofSeconds(120), Duration.ofMillis(DRAIN_LIMIT_MS + CALLS_LIMIT_MS + 2_000),
        Duration.ofSeconds(10)));
  }
}
