package org.nextim.router.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin console's static files, read once from the router jar ({@code admin/} on the classpath) and
 * served from memory under {@code /admin/}: only the files listed here, so no path can reach anything
 * else. A strict Content-Security-Policy: the page runs its own scripts only, and talks to this router
 * only.
 */
public final class AdminConsole {

  static final List<String> FILES = List.of("index.html", "console.js", "console.css", "api.js", "charts.js",
      "tenants.js", "dom.js");
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private record File(String type, Buffer body) {
  }

  private final Map<String, File> files = new HashMap<>();

  public AdminConsole() {
    for (String name : FILES) {
      try (InputStream in = AdminConsole.class.getClassLoader().getResourceAsStream("admin/" + name)) {
        if (in == null) {
          throw new IllegalStateException("admin/" + name + " is missing from the router jar");
        }
        files.put(name, new File(type(name), Buffer.buffer(in.readAllBytes())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String type(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    return "text/css; charset=utf-8";
  }

  void handle(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    String path = req.path();
    if (path.equals("/admin")) {
      resp.setStatusCode(301).putHeader(HttpHeaders.LOCATION, "/admin/").end();
      return;
    }
    String name = path.substring("/admin/".length());
    File file = files.get(name.isEmpty() ? "index.html" : name);
    if (file == null) {
      AdminApi.json(resp, 404, AdminApi.error("not_found", "no such file: " + path, null));
      return;
    }
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      resp.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      AdminApi.json(resp, 405, AdminApi.error("method_not_allowed", path + " answers GET and HEAD", null));
      return;
    }
    resp.putHeader(HttpHeaders.CONTENT_TYPE, file.type())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    if (req.method() == HttpMethod.HEAD) {
      resp.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(file.body().length())).end();
    } else {
      resp.end(file.body());
    }
  }
}
