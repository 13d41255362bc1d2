package org.nextim.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Real HTTP calls to a service under test, each answered as an {@link ApiReply} that carries the request
 * (so that the request, too, is checked against the document). Parameters are given
 * as {@code name, value, name, value, …}; headers the same way.
 */
public final class HttpDriver {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  /** {@code base}: the service's root URL, e.g. {@code http://127.0.0.1:41234}. */
  public HttpDriver(String base) {
    this.base = base;
  }

  public String base() {
    return base;
  }

  /** {@code a=1&b=2}, form-encoded. */
  public static String form(String... kv) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8))
          .append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** GET {@code path} with the parameters in its query string. */
  public ApiReply get(String path, String... params) {
    return send("GET", params.length == 0 ? path : path + (path.contains("?") ? "&" : "?") + form(params), null, null);
  }

  /** POST {@code path} with the parameters as a form body. */
  public ApiReply post(String path, String... params) {
    return send("POST", path, "application/x-www-form-urlencoded", form(params));
  }

  /** Any method, any body ({@code null}: none); {@code headers} as name, value pairs. */
  public ApiReply send(String method, String path, String contentType, String body, String... headers) {
    return await(sendAsync(method, path, contentType, body, headers));
  }

  public CompletableFuture<ApiReply> sendAsync(String method, String path, String contentType, String body,
                                              String... headers) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      req.header("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      req.header(headers[i], headers[i + 1]);
    }
    ApiRequest sent = ApiRequest.of(method, path, contentType, body);
    return client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(r -> reply(r, sent));
  }

  private static ApiReply reply(HttpResponse<String> r, ApiRequest sent) {
    Map<String, List<String>> headers = new HashMap<>();
    r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    return new ApiReply(r.statusCode(), headers, r.body(), sent);
  }

  private static ApiReply await(CompletableFuture<ApiReply> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
