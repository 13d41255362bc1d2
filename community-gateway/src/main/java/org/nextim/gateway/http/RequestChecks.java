package org.nextim.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.nextim.gateway.ApiError;

import java.util.Locale;
import java.util.Set;

/**
 * The first handler of every request, before CORS and the body handler: what cannot be served is
 * refused here with a 4xx, before Vert.x or a later handler trips over it (a bad percent-escape in the
 * path or the query, a method the gateway does not speak, a form body on a method that cannot carry
 * one). A refused request's body is left unread, so its connection is closed after the reply.
 */
public final class RequestChecks implements Handler<RoutingContext> {

  /** What the gateway serves; OPTIONS is for CORS preflights. */
  static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
  /** The methods Vert.x decodes a form body for. */
  private static final Set<HttpMethod> FORM_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!METHODS.contains(req.method())) {
      refuse(ctx, methodNotAllowed(ctx));
      return;
    }
    try {
      ctx.normalizedPath(); // every route with a path decodes it
    } catch (IllegalArgumentException e) {
      refuse(ctx, ApiError.invalid("path", "malformed path (a bad percent-escape)"));
      return;
    }
    try {
      req.params(); // decodes the query string once; what later handlers read is then the cached map
    } catch (IllegalArgumentException e) {
      refuse(ctx, ApiError.invalid("query", "malformed query string (" + e.getMessage().replaceAll(" of: .*", "") + ")"));
      return;
    }
    if (isForm(req.getHeader(HttpHeaders.CONTENT_TYPE)) && !FORM_METHODS.contains(req.method())) {
      if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
        // A GET's parameters are in its query string (spec 2.1): its body is read and ignored, not decoded.
        req.headers().remove(HttpHeaders.CONTENT_TYPE);
      } else {
        refuse(ctx, methodNotAllowed(ctx));
        return;
      }
    }
    ctx.next();
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.contains("application/x-www-form-urlencoded") || t.contains("multipart/");
  }

  private static ApiError methodNotAllowed(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    String name = ctx.request().method().name();
    return new ApiError(405, "method_not_allowed",
        "method " + (name.length() > 20 ? name.substring(0, 20) + "…" : name) + " not allowed here", null);
  }

  /**
   * Answers {@code e} and closes the connection once the reply is written. Written here rather than
   * through {@code ctx.fail}: the failure handler is found by matching routes, which a bad path breaks.
   */
  static void refuse(RoutingContext ctx, ApiError e) {
    Replies.closeAfterReply(ctx);
    Replies.error(ctx, e);
  }
}
