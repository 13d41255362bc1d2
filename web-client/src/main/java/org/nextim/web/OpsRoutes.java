package org.nextim.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * What an operator's tools read, as on the router and the gateway: {@code GET /health/live} (the process
 * serves), {@code GET /health/ready} (the widget and the demo pages can be read from the web root: a
 * jar whose resources cannot be extracted serves nothing), both vertx-health-check JSON with 503 when
 * down, and {@code GET /metrics} (Prometheus text format; with {@code WEB_METRICS_TOKEN} set it asks for
 * {@code Authorization: Bearer <token>}, compared in constant time). {@code GET /health} stays the plain
 * {@code ok} of liveness. Readiness does not ask the gateway: {@code WEB_GATEWAY_URL} is the address
 * browsers reach it at, which this server may not reach, and pages are served without it.
 */
final class OpsRoutes {

  static final String METRICS = "/metrics";
  /** The files every page needs, relative to the web root. */
  static final List<String> SERVED = List.of("webim/webim.js", "webim/webim.css", "index.html", "members.html",
      "group.html");
  static final long CHECK_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final String webroot;
  private final PrometheusMeterRegistry registry;
  /** The {@code Authorization} value asked for, or null when open. */
  private final byte[] authorization;

  OpsRoutes(Vertx vertx, String webroot, PrometheusMeterRegistry registry, String token) {
    this.vertx = vertx;
    this.webroot = webroot;
    this.registry = registry;
    this.authorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  void mount(Router web) {
    web.get("/health").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok"));
    web.get("/health/live").handler(HealthCheckHandler.create(vertx)
        .register("process", promise -> promise.complete(Status.OK())));
    web.get("/health/ready").handler(HealthCheckHandler.create(vertx)
        .register("webroot", CHECK_TIMEOUT_MS, promise -> missing().onComplete(ar -> promise.tryComplete(
            ar.failed() ? Status.KO(new JsonObject().put("reason", String.valueOf(ar.cause().getMessage())))
                : ar.result().isEmpty() ? Status.OK()
                : Status.KO(new JsonObject().put("missing", ar.result()))))));
    web.route(METRICS).handler(this::scrape);
  }

  /** The files of {@link #SERVED} that cannot be read (resolved as the static handler resolves them). */
  private Future<JsonArray> missing() {
    List<Future<Boolean>> checks = SERVED.stream()
        .map(f -> vertx.fileSystem().exists(webroot + "/" + f)).toList();
    return Future.all(checks).map(all -> {
      JsonArray missing = new JsonArray();
      for (int i = 0; i < checks.size(); i++) {
        if (!checks.get(i).result()) {
          missing.add(SERVED.get(i));
        }
      }
      return missing;
    });
  }

  private void scrape(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      error(ctx, 405, "method_not_allowed", METRICS + " answers GET and HEAD");
      return;
    }
    String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && (given == null
        || !MessageDigest.isEqual(authorization, given.getBytes(StandardCharsets.UTF_8)))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      error(ctx, 401, "authentication_failed", METRICS + " needs Authorization: Bearer <WEB_METRICS_TOKEN>");
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(registry.scrape());
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }
}
