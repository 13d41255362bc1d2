package org.nextim.router;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.nextim.router.cluster.ClusterSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar im-router.jar [config.json]}: configuration from the environment (a JSON file with
 * the same keys may set defaults; the environment wins).
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);
  /** How long a SIGTERMed node may take to hand its pages over before it stops anyway. */
  private static final long DRAIN_LIMIT_MS = 10_000;

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    RouterConfig config;
    try {
      JsonObject file = args.length > 0 ? new JsonObject(Files.readString(Path.of(args[0]))) : new JsonObject();
      file.getMap().putAll(System.getenv());
      config = new RouterConfig(file);
    } catch (IllegalArgumentException e) {
      System.err.println("im-router: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx;
    RouterVerticle router;
    PrometheusMeterRegistry metrics = RouterMetrics.registry();
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(Math.max(config.eventLoops(), 1));
    if (config.cluster()) {
      HazelcastClusterManager manager = ClusterSetup.clusterManager(config);
      vertx = RouterMetrics.vertxBuilder(ClusterSetup.eventBusOn(config, options), metrics).withClusterManager(manager)
          .buildClustered().toCompletionStage().toCompletableFuture().get();
      router = new RouterVerticle(config, manager, metrics);
    } else {
      vertx = RouterMetrics.vertxBuilder(options, metrics).build();
      router = new RouterVerticle(config, null, metrics);
    }
    vertx.deployVerticle(router).onSuccess(id -> {
      if (router.cluster() != null) {
        // A fenced node has dropped its pages and must leave: exit so that its supervisor restarts it.
        router.cluster().onFenced(() -> new Thread(() -> System.exit(3), "router-fenced").start());
      }
    }).onFailure(e -> {
      log.error("im-router failed to start", e);
      vertx.close();
      System.exit(1);
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("im-router stopping: handing pages over and answering held polls");
      try {
        router.drain(DRAIN_LIMIT_MS).toCompletionStage().toCompletableFuture()
            .get(DRAIN_LIMIT_MS + 2_000, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.warn("handoff did not finish: {}", e.toString());
      }
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }, "router-shutdown"));
  }
}
