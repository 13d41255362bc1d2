package org.nextim.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import org.nextim.gateway.ApiError;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for the browser API. With credentials, only the configured origins, compared exactly with the
 * request's {@code Origin} (which browsers send as {@code scheme://host[:port]}, lower case, default port
 * left out): {@code https://site/x}, {@code https://site.evil} or {@code HTTPS://SITE} are other origins.
 * A request from any other origin is refused (403) before anything runs, so a cross-site page can neither
 * read a reply nor have a simple POST served. {@code *} allows any origin, without credentials.
 */
public final class Cors {

  private Cors() {
  }

  public static Handler<RoutingContext> create(List<String> allowedOrigins) {
    CorsHandler cors = CorsHandler.create()
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "X-Requested-With"))
        .maxAgeSeconds(600);
    if (allowedOrigins.contains("*")) {
      return cors; // any origin, and so no credentials
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (String origin : allowedOrigins) {
      allowed.add(normalize(origin));
    }
    cors.addOrigins(List.copyOf(allowed)).allowCredentials(true);
    return ctx -> {
      String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
      if (origin != null && !allowed.contains(origin)) {
        ctx.fail(403, ApiError.forbidden("forbidden", "origin not allowed"));
        return;
      }
      cors.handle(ctx);
    };
  }

  /** A configured origin as browsers write it: lower case, no trailing slash. */
  static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    while (o.endsWith("/")) {
      o = o.substring(0, o.length() - 1);
    }
    return o;
  }
}
