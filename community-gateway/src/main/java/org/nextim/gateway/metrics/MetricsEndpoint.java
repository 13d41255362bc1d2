package org.nextim.gateway.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: the Prometheus text format. With {@code GATEWAY_METRICS_TOKEN} set it asks for
 * {@code Authorization: Bearer <token>} (compared in constant time; 401 JSON otherwise).
 */
public final class MetricsEndpoint {

  public static final String PATH = "/metrics";

  private final PrometheusMeterRegistry registry;
  /** The {@code Authorization} value asked for, or null when open. */
  private final byte[] authorization;

  public MetricsEndpoint(PrometheusMeterRegistry registry, String token) {
    this.registry = registry;
    this.authorization = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  public void mount(Router web) {
    web.route(PATH).handler(this::scrape);
  }

  private void scrape(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      ctx.fail(new ApiError(405, "method_not_allowed", PATH + " answers GET and HEAD", null));
      return;
    }
    String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && (given == null
        || !MessageDigest.isEqual(authorization, given.getBytes(StandardCharsets.UTF_8)))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(ApiError.unauthorized("/metrics needs Authorization: Bearer <GATEWAY_METRICS_TOKEN>"));
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
  }
}
