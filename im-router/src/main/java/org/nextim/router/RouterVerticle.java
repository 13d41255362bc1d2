package org.nextim.router;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.nextim.limits.ConnectionGuard;
import org.nextim.router.cluster.ClusterNode;
import org.nextim.router.core.Hub;
import org.nextim.router.core.RouterNode;
import org.nextim.router.http.HttpApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The router service: one {@link RouterNode} and its HTTP API, served by one HTTP server per event loop
 * (all on the same port; Vert.x spreads connections over them).
 */
public final class RouterVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RouterVerticle.class);

  private final RouterConfig config;
  private final HazelcastClusterManager clusterManager;
  private final PrometheusMeterRegistry metrics;
  private ClusterNode cluster;
  private RouterNode node;
  private HttpApi api;
  private int port;

  /** A router alone: in-memory presence, packets straight to its own pages. */
  public RouterVerticle(RouterConfig config) {
    this(config, null);
  }

  /** A router node of a cluster when {@code clusterManager} is given (Vert.x must be clustered with it). */
  public RouterVerticle(RouterConfig config, HazelcastClusterManager clusterManager) {
    this(config, clusterManager, RouterMetrics.registry());
  }

  /**
   * As above, with the registry {@code GET /metrics} serves: give the one Vert.x reports to
   * ({@link RouterMetrics#vertxBuilder}) to have Vert.x's own HTTP, event-bus and pool series too.
   */
  public RouterVerticle(RouterConfig config, HazelcastClusterManager clusterManager, PrometheusMeterRegistry metrics) {
    this.config = config;
    this.clusterManager = clusterManager;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Future<Void> ready;
    if (clusterManager == null) {
      node = RouterNode.standalone(vertx, config.pollTimeoutMs(), config.idleTimeoutMs(), config.pageBuffer());
      api = new HttpApi(vertx, node, config.domains(), config.maxBodyBytes(), config.limits());
      ready = Future.succeededFuture();
    } else {
      cluster = new ClusterNode(vertx, clusterManager, new ClusterNode.Settings(config.pollTimeoutMs(),
          config.idleTimeoutMs(), config.clusterCallTimeoutMs(), config.clusterFailureSeconds(), config.eventLoops()),
          metrics);
      Hub hub = new Hub();
      node = new RouterNode(vertx, config.pollTimeoutMs(), config.idleTimeoutMs(), config.pageBuffer(), hub,
          cluster.presence(), cluster.broker(hub, config.pageBuffer()), cluster, cluster.ticketPrefix());
      api = new HttpApi(vertx, node, config.domains(), config.maxBodyBytes(), config.limits(), cluster, cluster.forwarder(),
          cluster::ready, config.clusterCallTimeoutMs());
      // A fenced node leaves the cluster; whoever runs it restarts it (Main exits).
      cluster.onFenced(() -> vertx.close());
      ready = cluster.start(node, api);
    }
    node.start();
    Handler<HttpServerRequest> handler = new ApiDocsEndpoint(ApiDescription.load(), new OpsEndpoints(vertx, metrics,
        RouterMetrics.bindHub(metrics, node.hub()), cluster, config.metricsToken(), api));
    // One server per event loop, all on one port, so the REST and poll work spreads over the cores.
    // Vert.x shares a port among servers that ask for the same one. For "any free port" a negative
    // number names one random port shared by the servers that ask for it (port 0 would give each
    // server its own); a random name keeps two routers in one Vert.x instance apart.
    int bindPort = config.port() == 0 ? -1 - ThreadLocalRandom.current().nextInt(1 << 30) : config.port();
    return ready.compose(v -> listen(bindPort, handler)).compose(first -> {
      port = first;
      int more = Math.max(0, config.eventLoops() - 1);
      if (more == 0) {
        return Future.succeededFuture();
      }
      return vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          return server(handler).listen(bindPort, config.host());
        }
      }, new DeploymentOptions().setInstances(more));
    }).onSuccess(v -> log.info("im-router listening on {}:{} ({} domain(s), {} event loop(s){})",
        config.host(), port, config.domains().size(), config.eventLoops(),
        cluster == null ? "" : ", cluster node " + cluster.id()));
  }

  private Future<Integer> listen(int wanted, Handler<HttpServerRequest> handler) {
    return server(handler).listen(wanted, config.host()).map(HttpServer::actualPort);
  }

  /** An HTTP server for the caller's event loop, with the connection limits (see {@link ConnectionGuard}). */
  private HttpServer server(Handler<HttpServerRequest> handler) {
    // With a WebSocket handshake handler set (every upgrade is refused: the router serves none yet),
    // Vert.x hands a request of an unknown HTTP version to the request handler, which answers it 400,
    // instead of answering 501 itself.
    return ConnectionGuard.install(vertx, vertx.createHttpServer(serverOptions())
            .invalidRequestHandler(HttpApi::invalidRequest)
            .webSocketHandshakeHandler(ws -> ws.reject(400)), handler,
        config.requestTimeoutMs(), config.keepAliveTimeoutMs());
  }

  private HttpServerOptions serverOptions() {
    // Strict thread mode: every response is written on its connection's event loop (the router makes
    // sure of it), so Vert.x gives a connection no cross-thread outbound queue, whose first chunk alone
    // is 4 KB: about half the heap of a held poll (docs/benchmarks.md).
    return new HttpServerOptions()
        .setStrictThreadMode(true)
        .setCompressionSupported(false)
        .setTcpNoDelay(true)
        .setIdleTimeout(0)
        .setAcceptBacklog(4096)
        // No h2c: Vert.x then sets a connection up as HTTP/1 at once, so the ConnectionGuard sees a
        // connection that never sends a byte (with h2c it waits for the first bytes to tell the two).
        .setHttp2ClearTextEnabled(false);
  }

  @Override
  public Future<?> stop() {
    if (node != null) {
      node.stop();
    }
    if (cluster != null) {
      cluster.stop();
    }
    return Future.succeededFuture();
  }

  /**
   * A planned stop: a cluster node hands its pages to the others first (at most {@code limitMs});
   * then every held poll is answered. Call before closing Vert.x.
   */
  public Future<Void> drain(long limitMs) {
    Future<Void> handed = cluster == null ? Future.succeededFuture() : cluster.drain(limitMs);
    return handed.onComplete(ar -> {
      if (node != null) {
        node.stop();
      }
    });
  }

  /** Every path this router answers (besides 404 for the rest): the REST calls, the poll, operations. */
  public Set<String> servedPaths() {
    Set<String> paths = new TreeSet<>(api.paths());
    paths.addAll(OpsEndpoints.PATHS);
    paths.add(ApiDocsEndpoint.PATH);
    return paths;
  }

  /** The cluster side of this router, or null when it runs alone. */
  public ClusterNode cluster() {
    return cluster;
  }

  /** The port the HTTP server listens on (useful with port 0). */
  public int actualPort() {
    return port;
  }

  public RouterNode node() {
    return node;
  }
}
