package org.nextim.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import org.nextim.gateway.demo.DemoData;
import org.nextim.gateway.http.ApiDocs;
import org.nextim.gateway.http.Cors;
import org.nextim.gateway.http.DemoApi;
import org.nextim.gateway.http.HealthChecks;
import org.nextim.gateway.http.Replies;
import org.nextim.gateway.http.RequestChecks;
import org.nextim.gateway.http.SiteApi;
import org.nextim.gateway.http.WebimApi;
import org.nextim.gateway.identity.Identity;
import org.nextim.gateway.limits.UserRateLimit;
import org.nextim.gateway.metrics.GatewayMetrics;
import org.nextim.gateway.metrics.MetricsEndpoint;
import org.nextim.gateway.metrics.RequestMetrics;
import org.nextim.gateway.router.RouterClient;
import org.nextim.gateway.router.WebRouterClient;
import org.nextim.gateway.service.Services;
import org.nextim.gateway.store.JdbcStore;
import org.nextim.gateway.store.Store;
import org.nextim.launcher.ServiceMetrics;
import org.nextim.limits.ConnectionGuard;
import org.nextim.limits.InvalidRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.TreeSet;

/**
 * The gateway service: storage (migrated), the router client, identity, and one HTTP server with the
 * browser API ({@code /webim/*}), the site API ({@code /site/*}) and, in demo mode, {@code /demo/login}.
 * {@code start()} completes when the database is ready and the server listens.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  /** Tickets older than this are forgotten (a page that lives a week is asked to log in again). */
  static final long TICKET_MAX_AGE_MS = 7L * 24 * 3600 * 1000;

  private final GatewayConfig config;
  private final GatewayMetrics metrics;
  private Store store;
  private WebClient client;
  private Identity identity;
  private int port;
  private Router web;
  private WebimApi webim;
  private long pruneTimer = -1;

  public GatewayVerticle(GatewayConfig config) {
    this(config, ServiceMetrics.newRegistry());
  }

  /**
   * As above, with the registry {@code GET /metrics} serves: give the one Vert.x reports to
   * ({@link ServiceMetrics#vertxBuilder}) to have Vert.x's own HTTP and pool series too.
   */
  public GatewayVerticle(GatewayConfig config, PrometheusMeterRegistry registry) {
    this.config = config;
    this.metrics = new GatewayMetrics(registry);
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx, new WebClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.routerTimeoutMs()))
        .setUserAgent("nextim-community-gateway"));
    identity = Identity.jwt(vertx, config.jwtSecret());
    RouterClient router = new WebRouterClient(vertx, client, config.routerUrl(), config.domain(), config.apikey(),
        config.routerTimeoutMs(), config.routerRetryMs(), metrics.routerCalls());
    return JdbcStore.create(vertx, config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(),
            metrics.registry())
        .compose(s -> {
          store = s;
          return config.demo() ? DemoData.seed(store) : Future.succeededFuture();
        })
        // Browsers and site backends speak HTTP/1.1 to us; an h2c upgrade with bad settings hung. Bad HTTP
        // and unknown HTTP versions are answered as JSON errors.
        .compose(v -> ConnectionGuard.install(vertx, InvalidRequests.install(vertx.createHttpServer(
                    new HttpServerOptions().setCompressionSupported(false).setTcpNoDelay(true)
                        .setHttp2ClearTextEnabled(false).setMaxFormAttributeSize(config.maxBodyBytes()))),
                InvalidRequests.versionChecked(routes(router)),
                config.requestTimeoutMs(), config.keepAliveTimeoutMs())
            .listen(config.port(), config.host()))
        .onSuccess(server -> {
          port = server.actualPort();
          pruneTimer = vertx.setPeriodic(3_600_000, id -> store.pruneTickets(System.currentTimeMillis() - TICKET_MAX_AGE_MS));
          log.info("community-gateway listening on {}:{} (router {}, domain {}, demo {})", config.host(), port,
              config.routerUrl(), config.domain(), config.demo());
        })
        .map(HttpServer::actualPort);
  }

  private Router routes(RouterClient router) {
    web = Router.router(vertx);
    // No reply of ours is ever to be sniffed into a script or a page (JSON hijacking, content sniffing).
    web.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    web.route().handler(new RequestChecks());
    web.route().handler(Cors.create(config.allowedOrigins()));
    // The site pushes whole buddy lists and rooms: its bodies may be larger than a browser's.
    web.route("/site/*").handler(BodyHandler.create(false).setBodyLimit(config.siteMaxBodyBytes()));
    web.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    web.get("/health").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok"));
    HealthChecks.mount(web, vertx, store, router);
    web.route("/webim").handler(ctx -> ctx.fail(ApiError.notFound("not_found", "no such path: /webim")));
    Services services = Services.create(store, router, config.domain(), config.routerPublicUrl(),
        config.maxNewMessages(), metrics);
    webim = new WebimApi(services, identity);
    // Counted first, so that a request the per-user limit refuses counts too.
    web.route("/webim/*").handler(new RequestMetrics(metrics.registry(), webim.actions()));
    if (!config.userRequests().off()) {
      web.route("/webim/*").handler(new UserRateLimit(identity, config.userRequests(), config.limitKeys()));
    }
    webim.mount(web);
    new ApiDocs().mount(web);
    new MetricsEndpoint(metrics.registry(), config.metricsToken()).mount(web);
    new SiteApi(store, services.users(), config.siteApiKey()).mount(web);
    if (config.demo()) {
      new DemoApi(store, identity, config.demoTokenTtlS()).mount(web);
    }
    web.route().handler(ctx -> ctx.fail(ApiError.notFound("not_found", "no such path: " + ctx.request().path())));
    web.route().failureHandler(Replies::failure);
    return web;
  }

  @Override
  public Future<?> stop() {
    if (pruneTimer >= 0) {
      vertx.cancelTimer(pruneTimer);
    }
    if (client != null) {
      client.close();
    }
    return store == null ? Future.succeededFuture() : store.close();
  }

  /** The port the HTTP server listens on (useful with port 0). */
  public int actualPort() {
    return port;
  }

  /**
   * Every path this gateway answers other than with 404: each {@code /webim/<action>}, and the exact
   * paths of its routes, path parameters written {@code :id}.
   */
  public Set<String> servedPaths() {
    Set<String> paths = new TreeSet<>();
    for (Route route : web.getRoutes()) {
      String path = route.getPath();
      if (path != null && !path.endsWith("/") && !"/webim".equals(path)) { // not a prefix (/site/*), nor the 404
        paths.add(path);
      }
    }
    webim.actions().forEach(a -> paths.add("/webim/" + a));
    return paths;
  }

  /** The token signer/verifier (tests and tools sign users in with it). */
  public Identity identity() {
    return identity;
  }

  public Store store() {
    return store;
  }
}
