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
import org.nextim.launcher.ServiceMetrics;
import org.nextim.limits.ConnectionGuard;
import org.nextim.limits.InvalidRequests;
import org.nextim.router.admin.AdminApi;
import org.nextim.router.admin.AdminConsole;
import org.nextim.router.admin.NodeStats;
import org.nextim.router.admin.Stats;
import org.nextim.router.cluster.ClusterNode;
import org.nextim.router.cluster.ClusterStats;
import org.nextim.router.cluster.ClusterTenants;
import org.nextim.router.core.Domains;
import org.nextim.router.core.Hub;
import org.nextim.router.core.Tenants;
import org.nextim.router.core.TenantsFile;
import org.nextim.router.core.RouterNode;
import org.nextim.router.http.HttpApi;
import org.nextim.router.http.LoadShedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The router service: one {@link RouterNode} and its HTTP API, served by one HTTP server per event loop
 * (all on the same port; Vert.x spreads connections over them).
 */
public final class RouterVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RouterVerticle.class);
  /** How long a stopping node waits at most for its peers to acknowledge what it sent last. */
  private static final long FLUSH_LIMIT_MS = 1_000;

  private final RouterConfig config;
  private final HazelcastClusterManager clusterManager;
  private final PrometheusMeterRegistry metrics;
  private ClusterNode cluster;
  private Tenants tenants;
  private NodeStats nodeStats;
  private LoadShedder shedder;
  private ClusterStats clusterStats;
  private RouterNode node;
  private HttpApi api;
  private int port;

  /** A router alone: in-memory presence, packets straight to its own pages. */
  public RouterVerticle(RouterConfig config) {
    this(config, null);
  }

  /** A router node of a cluster when {@code clusterManager} is given (Vert.x must be clustered with it). */
  public RouterVerticle(RouterConfig config, HazelcastClusterManager clusterManager) {
    this(config, clusterManager, ServiceMetrics.newRegistry());
  }

  /**
   * As above, with the registry {@code GET /metrics} serves: give the one Vert.x reports to
   * ({@link ServiceMetrics#vertxBuilder}) to have Vert.x's own HTTP, event-bus and pool series too.
   */
  public RouterVerticle(RouterConfig config, HazelcastClusterManager clusterManager, PrometheusMeterRegistry metrics) {
    this.config = config;
    this.clusterManager = clusterManager;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Future<Void> ready;
    TenantsFile file = config.tenantsFile() == null ? null : new TenantsFile(vertx, Path.of(config.tenantsFile()));
    Stats stats;
    if (clusterManager == null) {
      tenants = Tenants.local(vertx, file, config.domains());
      Domains domains = new Domains(tenants, metrics, config.limits());
      node = RouterNode.standalone(vertx, config.pollTimeoutMs(), config.idleTimeoutMs(), config.pageBuffer(),
          new Hub(domains::meters));
      api = new HttpApi(vertx, node, domains, config.maxBodyBytes(), config.limits());
      nodeStats = new NodeStats(vertx, "standalone", node.hub(), domains);
      stats = Stats.local(nodeStats);
      watch(domains);
      ready = tenants.start();
    } else {
      cluster = new ClusterNode(vertx, clusterManager, new ClusterNode.Settings(config.pollTimeoutMs(),
          config.idleTimeoutMs(), config.clusterCallTimeoutMs(), config.clusterFailureSeconds(), config.eventLoops()),
          metrics);
      tenants = new ClusterTenants(vertx, clusterManager.getHazelcastInstance(), cluster.id(), cluster::liveNodes,
          file, config.domains());
      Domains domains = new Domains(tenants, metrics, config.limits());
      Hub hub = new Hub(domains::meters);
      node = new RouterNode(vertx, config.pollTimeoutMs(), config.idleTimeoutMs(), config.pageBuffer(), hub,
          cluster.presence(), cluster.broker(hub, config.pageBuffer()), cluster, cluster.ticketPrefix());
      api = new HttpApi(vertx, node, domains, config.maxBodyBytes(), config.limits(), cluster, cluster.forwarder(),
          cluster::ready, config.clusterCallTimeoutMs());
      nodeStats = new NodeStats(vertx, cluster.id(), hub, domains);
      clusterStats = new ClusterStats(vertx, cluster, nodeStats);
      stats = clusterStats;
      watch(domains);
      // A fenced node leaves the cluster; whoever runs it restarts it (Main exits).
      cluster.onFenced(() -> vertx.close());
      ready = tenants.start().compose(v -> clusterStats.start()).compose(v -> cluster.start(node, api));
    }
    shedder = new LoadShedder(config.shedLagMs(), config.shedWarmUpMs(), metrics);
    api.shedding(shedder);
    node.start();
    nodeStats.start();
    AdminApi admin = config.adminToken() == null ? null
        : new AdminApi(tenants, stats, config.adminToken(), config.keyOverlapSeconds(), new AdminConsole());
    if (admin != null && file == null) {
      log.warn("the admin API is on but ROUTER_TENANTS_FILE is unset: tenants made through it last only "
          + "while the router (or one node of the cluster) runs");
    }
    Handler<HttpServerRequest> handler = new ApiDocsEndpoint(ApiDescription.load(), new OpsEndpoints(vertx, metrics,
        RouterMetrics.bindHub(metrics, node.hub()), cluster, config.metricsToken(), admin, api));
    // One server per event loop, all on one port, so the REST and poll work spreads over the cores.
    // Vert.x shares a port among servers that ask for the same one. For "any free port" a negative
    // number names one random port shared by the servers that ask for it (port 0 would give each
    // server its own); a random name keeps two routers in one Vert.x instance apart.
    int bindPort = config.port() == 0 ? -1 - ThreadLocalRandom.current().nextInt(1 << 30) : config.port();
    shedder.watch(vertx);
    return ready.compose(v -> listen(bindPort, handler)).compose(first -> {
      port = first;
      int more = Math.max(0, config.eventLoops() - 1);
      if (more == 0) {
        return Future.succeededFuture();
      }
      return vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          shedder.watch(vertx);
          return server(handler).listen(bindPort, config.host());
        }
      }, new DeploymentOptions().setInstances(more));
    }).onSuccess(v -> log.info("im-router listening on {}:{} ({} domain(s), {} event loop(s), {} transport{}{})",
        config.host(), port, tenants.all().size(), config.eventLoops(),
        vertx.isNativeTransportEnabled() ? "native" : "NIO", admin == null ? "" : ", admin API on",
        cluster == null ? "" : ", cluster node " + cluster.id()));
  }

  private Future<Integer> listen(int wanted, Handler<HttpServerRequest> handler) {
    return server(handler).listen(wanted, config.host()).map(HttpServer::actualPort);
  }

  /** An HTTP server for the caller's event loop, with the connection limits (see {@link ConnectionGuard}). */
  private HttpServer server(Handler<HttpServerRequest> handler) {
    // Bad HTTP and unknown HTTP versions are answered as JSON errors.
    return ConnectionGuard.install(vertx, InvalidRequests.install(vertx.createHttpServer(serverOptions())),
        InvalidRequests.versionChecked(handler),
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

  /** A deleted domain's users are logged out here; a disabled one's held polls answered (the next is refused). */
  private void watch(Domains domains) {
    domains.onDeleted(node::logoutDomain);
    domains.onDisabled(node::releasePolls);
  }

  @Override
  public Future<?> stop() {
    if (shedder != null) {
      shedder.stop();
    }
    if (nodeStats != null) {
      nodeStats.stop();
    }
    if (clusterStats != null) {
      clusterStats.stop();
    }
    if (tenants != null) {
      tenants.stop();
    }
    if (node != null) {
      node.stop();
    }
    if (cluster != null) {
      cluster.stop();
    }
    return Future.succeededFuture();
  }

  /** REST calls read by this router and not answered yet. */
  public long callsInFlight() {
    return api.callsInFlight();
  }

  /**
   * A planned stop: a cluster node hands its pages to the others first (at most {@code limitMs}); the
   * REST calls read here get their answers (at most {@code callsLimitMs} more; from the start of the
   * stop every reply closes its connection, so clients go elsewhere); then every held poll is
   * answered. Call before closing Vert.x.
   */
  public Future<Void> drain(long limitMs, long callsLimitMs) {
    api.stopping();
    Future<Void> handed = cluster == null ? Future.succeededFuture() : cluster.drain(limitMs);
    return handed.transform(ar -> api.finishCalls(callsLimitMs))
        // What those calls sent on after the handoff (their outcomes, to the users' new homes) arrives.
        .compose(v -> cluster == null ? Future.succeededFuture() : cluster.flushed(FLUSH_LIMIT_MS))
        .onComplete(ar -> {
          if (node != null) {
            node.stop();
          }
        });
  }

  /**
   * Every path this router answers (besides 404 for the rest): the REST calls, the poll, operations, and
   * the admin API's when it is on (not the console's static files).
   */
  public Set<String> servedPaths() {
    Set<String> paths = new TreeSet<>(api.paths());
    paths.addAll(OpsEndpoints.PATHS);
    if (config.adminToken() != null) {
      paths.addAll(AdminApi.PATHS);
    }
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

  /** The tenants this router serves. */
  public Tenants tenants() {
    return tenants;
  }

  public RouterNode node() {
    return node;
  }
}
