package org.nextim.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import org.nextim.gateway.router.RouterClient;
import org.nextim.gateway.store.Store;

/**
 * {@code GET /health/live} (the process serves) and {@code GET /health/ready} (the database answers
 * and the router takes traffic), through vertx-health-check: JSON with each check's outcome, 503 when a
 * check fails or does not answer within {@value #CHECK_TIMEOUT_MS} ms. {@code GET /health} stays the
 * plain {@code ok} of liveness.
 */
public final class HealthChecks {

  static final long CHECK_TIMEOUT_MS = 2_000;

  private HealthChecks() {
  }

  public static void mount(Router web, Vertx vertx, Store store, RouterClient router) {
    HealthCheckHandler live = HealthCheckHandler.create(vertx)
        .register("process", promise -> promise.complete(Status.OK()));
    HealthCheckHandler ready = HealthCheckHandler.create(vertx)
        .register("database", CHECK_TIMEOUT_MS, promise -> outcome(store.ping(), promise))
        .register("router", CHECK_TIMEOUT_MS, promise -> outcome(router.ping(), promise));
    web.get("/health/live").handler(live);
    web.get("/health/ready").handler(ready);
  }

  private static void outcome(Future<Void> check, Promise<Status> promise) {
    check.onComplete(ar -> promise.tryComplete(ar.succeeded() ? Status.OK()
        : Status.KO(new JsonObject().put("reason", String.valueOf(ar.cause().getMessage())))));
  }
}
