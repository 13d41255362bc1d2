package org.nextim.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import org.nextim.launcher.ServiceMetrics;
import org.nextim.limits.ConnectionGuard;
import org.nextim.limits.InvalidRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Serves the widget ({@code /webim/webim.js}, its modules and {@code webim.css}) and the demo community
 * (home, members, group pages), plus {@code /config.js}: the demo pages' settings (the gateway URL), so
 * no page needs an inline script; and the health and metrics endpoints ({@link OpsRoutes}).
 * {@code start()} completes when the server listens.
 */
public final class WebVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(WebVerticle.class);
  static final String WEBROOT = "webroot";
  /**
   * The demo pages run no inline script and load scripts only from http(s) URLs (the widget, and the
   * router's JSONP polls whose host comes from the gateway at login).
   */
  static final String PAGE_CSP = "default-src 'self'; script-src 'self' http: https:; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' http: https: data: blob:; connect-src 'self' http: https:; media-src 'self' data: blob:; "
      + "object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

  private final WebConfig config;
  private final WebMetrics metrics;
  private int port;

  public WebVerticle(WebConfig config) {
    this(config, ServiceMetrics.newRegistry());
  }

  /**
   * As above, with the registry {@code GET /metrics} serves: give the one Vert.x reports to
   * ({@link ServiceMetrics#vertxBuilder}) to have Vert.x's own HTTP series too.
   */
  public WebVerticle(WebConfig config, PrometheusMeterRegistry registry) {
    this.config = config;
    this.metrics = new WebMetrics(registry);
  }

  @Override
  public Future<?> start() {
    // Browsers speak HTTP/1.1 (or TLS at a proxy in front) to us: no h2c, whose upgrade with bad settings
    // left the connection open for good. Bad HTTP gets a JSON error; idle connections are closed.
    HttpServer http = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
        .setTcpNoDelay(true).setHttp2ClearTextEnabled(false));
    return ConnectionGuard.install(vertx, InvalidRequests.install(http), InvalidRequests.versionChecked(routes()),
            config.requestTimeoutMs(), config.keepAliveTimeoutMs())
        .listen(config.port(), config.host())
        .onSuccess(server -> {
          port = server.actualPort();
          log.info("web-client listening on {}:{} (gateway {})", config.host(), port, config.gatewayUrl());
        })
        .map(HttpServer::actualPort);
  }

  Router routes() {
    Router web = Router.router(vertx);
    web.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "same-origin");
      try {
        ctx.normalizedPath(); // every later route decodes it, and Vert.x logs a bad escape there as an error
      } catch (IllegalArgumentException e) {
        ctx.fail(400, e);
        return;
      }
      ctx.next();
    });
    new OpsRoutes(vertx, WEBROOT, metrics.registry(), config.metricsToken()).mount(web);
    web.get("/config.js").handler(this::configScript);
    // Any site may embed the widget: its module files are readable cross-origin.
    web.route("/webim/*").handler(ctx -> {
      ctx.response().putHeader("Access-Control-Allow-Origin", "*").putHeader("Cache-Control", "no-cache");
      ctx.next();
    });
    web.get("/webim/webim.js").handler(ctx -> {
      metrics.widgetLoaded();
      ctx.next();
    });
    page(web, "/", "index.html", "home");
    page(web, "/index.html", "index.html", "home");
    page(web, "/posts/:id", "index.html", "home");
    page(web, "/members", "members.html", "members");
    page(web, "/groups/:id", "group.html", "group");
    page(web, "/rooms/:id", "group.html", "group");
    web.route("/*").handler(StaticHandler.create(WEBROOT).setCachingEnabled(false).setIndexPage("index.html")
        .setDefaultContentEncoding("UTF-8"));
    web.route().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("not found"));
    web.route().failureHandler(this::failed);
    return web;
  }

  /**
   * A request that failed: a 4xx (a URL with a bad escape, say) is the client's doing and is logged at
   * debug only; anything else is ours, logged as an error and answered 500.
   */
  private void failed(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode() != -1 ? ctx.statusCode()
        : failure instanceof HttpException h ? h.getStatusCode() : 500;
    if (status >= 400 && status < 500) {
      log.debug("{} {}: {} {}", ctx.request().method(), ctx.request().uri(), status, failure == null ? "" : failure);
    } else {
      status = 500;
      log.error("{} {} failed", ctx.request().method(), ctx.request().uri(), failure);
    }
    if (!ctx.response().headWritten() && !ctx.response().closed()) {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end(HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT));
    }
  }

  private void page(Router web, String path, String file, String name) {
    Counter views = metrics.page(name);
    web.get(path).handler(ctx -> {
      views.increment();
      ctx.response().putHeader("Content-Security-Policy", PAGE_CSP).putHeader("Cache-Control", "no-cache");
      ctx.response().sendFile(WEBROOT + "/" + file).onFailure(ctx::fail);
    });
  }

  private void configScript(RoutingContext ctx) {
    JsonObject cfg = new JsonObject()
        .put("gateway", config.gatewayUrl())
        .put("lang", config.lang())
        .put("pollTimeout", config.pollTimeoutMs())
        .put("debug", config.debug());
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/javascript; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end("window.NEXTIM_CONFIG = " + scriptSafe(cfg.encode()) + ";\n");
  }

  /** JSON placed in a script: nothing in it may close the script or end a line early. */
  static String scriptSafe(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  /** The port the HTTP server listens on (useful with port 0). */
  public int actualPort() {
    return port;
  }
}
