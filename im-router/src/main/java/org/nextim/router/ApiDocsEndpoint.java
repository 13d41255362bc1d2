package org.nextim.router;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** {@code GET /openapi.json}: the {@link ApiDescription}; every other request goes on to {@code next}. */
final class ApiDocsEndpoint implements Handler<HttpServerRequest> {

  static final String PATH = "/openapi.json";

  private final ApiDescription description;
  private final Handler<HttpServerRequest> next;

  ApiDocsEndpoint(ApiDescription description, Handler<HttpServerRequest> next) {
    this.description = description;
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest req) {
    if (!PATH.equals(req.path())) {
      next.handle(req);
      return;
    }
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD")
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("error", "method_not_allowed").put("message", PATH + " answers GET and HEAD").encode());
      return;
    }
    req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(description.body());
  }
}
