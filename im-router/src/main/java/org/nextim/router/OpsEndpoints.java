package org.nextim.router;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import org.nextim.router.admin.AdminApi;
import org.nextim.router.cluster.ClusterNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * What an operator's tools read, in front of the REST API: {@code GET /metrics} (Prometheus text
 * format), {@code GET /health/live} (the process serves) and {@code GET /health/ready} (a cluster
 * node has the cluster's state and is not handing its pages over: send it traffic), the health as
 * vertx-health-check JSON, 503 when down. With {@code ROUTER_METRICS_TOKEN} set, {@code /metrics} asks
 * for it as a bearer token (compared in constant time). Every other request goes to the API.
 */
final class OpsEndpoints implements Handler<HttpServerRequest> {

  static final Set<String> PATHS = Set.of("/metrics", "/health/live", "/health/ready");

  private final PrometheusMeterRegistry metrics;
  private final Runnable refreshGauges;
  private final HealthChecks live;
  private final HealthChecks ready;
  private final Handler<HttpServerRequest> api;
  /** The admin API and console, or null when {@code ROUTER_ADMIN_TOKEN} is unset (404 then). */
  private final AdminApi admin;
  /** {@code Authorization} value {@code /metrics} asks for, or null when open. */
  private final byte[] metricsAuthorization;

  OpsEndpoints(Vertx vertx, PrometheusMeterRegistry metrics, Runnable refreshGauges, ClusterNode cluster,
               String metricsToken, AdminApi admin, Handler<HttpServerRequest> api) {
    this.admin = admin;
    this.metrics = metrics;
    this.metricsAuthorization = metricsToken == null ? null
        : ("Bearer " + metricsToken).getBytes(StandardCharsets.UTF_8);
    this.refreshGauges = refreshGauges;
    this.api = api;
    this.live = HealthChecks.create(vertx).register("process", p -> p.complete(Status.OK()));
    this.ready = HealthChecks.create(vertx).register("cluster", p -> {
      if (cluster == null) {
        p.complete(Status.OK(new JsonObject().put("node", "standalone")));
      } else {
        p.complete(new Status().setOk(cluster.takesTraffic()).setData(cluster.readiness()));
      }
    });
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = req.path();
    HealthChecks health = "/health/live".equals(path) ? live : "/health/ready".equals(path) ? ready : null;
    if (health == null && !"/metrics".equals(path)) {
      if (!AdminApi.owns(path)) {
        api.handle(req);
      } else if (admin != null) {
        admin.handle(req);
      } else {
        AdminApi.off(req);
      }
      return;
    }
    HttpServerResponse resp = req.response();
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      resp.setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("error", "method_not_allowed").put("message", path + " answers GET and HEAD").encode());
      return;
    }
    if (health == null) {
      String given = req.getHeader(HttpHeaders.AUTHORIZATION);
      if (metricsAuthorization != null && (given == null
          || !MessageDigest.isEqual(metricsAuthorization, given.getBytes(StandardCharsets.UTF_8)))) {
        resp.setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(new JsonObject().put("error", "authentication_failed")
                .put("message", "/metrics needs Authorization: Bearer <ROUTER_METRICS_TOKEN>").encode());
        return;
      }
      refreshGauges.run();
      resp.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
      return;
    }
    // Health procedures complete at once here, on this event loop (the server is in strict thread mode).
    health.checkStatus().onComplete(ar -> {
      CheckResult result = ar.result();
      boolean up = ar.succeeded() && result.getUp();
      JsonObject body = ar.succeeded() ? result.toJson() : new JsonObject().put("status", "DOWN");
      resp.setStatusCode(up ? 200 : 503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader("Cache-Control", "no-store").end(body.encode());
    });
  }
}
