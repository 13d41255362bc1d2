package org.nextim.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.nextim.gateway.ApiError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.json}: the gateway's OpenAPI 3.1 document, the jar's {@value #RESOURCE}, read once. */
public final class ApiDocs {

  public static final String RESOURCE = "openapi/gateway.json";
  public static final String PATH = "/openapi.json";

  private final Buffer document;

  public ApiDocs() {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + RESOURCE);
      }
      document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE, e);
    }
  }

  public void mount(Router web) {
    web.route(PATH).handler(ctx -> {
      HttpMethod m = ctx.request().method();
      if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
        ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
        ctx.fail(new ApiError(405, "method_not_allowed", PATH + " answers GET and HEAD", null));
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(document.slice());
    });
  }
}
