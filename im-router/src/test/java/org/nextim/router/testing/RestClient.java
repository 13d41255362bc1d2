package org.nextim.router.testing;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Real HTTP calls to one router as one tenant (domain + apikey). The authenticated helpers add
 * {@code domain} and {@code apikey} in front of the given parameters (a null value drops one); the
 * {@code raw*} helpers send exactly what they are given.
 */
public final class RestClient {

  /** One client for the whole run: HTTP/1.1 only (no h2c upgrade attempts). */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** Generous: a held poll may legitimately take the configured poll timeout. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** One router, or the nodes of a cluster: requests go to each in turn. */
  private final List<String> baseUrls;
  private final AtomicInteger next = new AtomicInteger();
  private final String domain;
  private final String apikey;

  public RestClient(String baseUrl, String domain, String apikey) {
    this(List.of(baseUrl), domain, apikey);
  }

  public RestClient(List<String> baseUrls, String domain, String apikey) {
    this.baseUrls = List.copyOf(baseUrls);
    this.domain = domain;
    this.apikey = apikey;
  }

  /** The same router as another tenant (either may be null to leave it out). */
  public RestClient as(String domain, String apikey) {
    return new RestClient(baseUrls, domain, apikey);
  }

  public String baseUrl() { return baseUrls.get(0); }
  public String domain() { return domain; }
  public String apikey() { return apikey; }

  /** {@code domain}, {@code apikey}, then the given pairs. */
  public Params auth(String... keyValues) {
    return Params.of("domain", domain, "apikey", apikey).with(keyValues);
  }

  // ---- authenticated REST calls ------------------------------------------------------------

  /** POST with a form body carrying domain, apikey and the given parameters. */
  public Reply post(String path, String... keyValues) {
    return rawPost(path, "application/x-www-form-urlencoded", auth(keyValues).encoded());
  }

  /** GET with domain, apikey and the given parameters in the query string. */
  public Reply get(String path, String... keyValues) {
    return rawGet(path + "?" + auth(keyValues).encoded());
  }

  /** POST with a JSON object body; domain and apikey are added unless the object has them. */
  public Reply postJson(String path, JsonObject params) {
    JsonObject body = new JsonObject();
    if (domain != null) {
      body.put("domain", domain);
    }
    if (apikey != null) {
      body.put("apikey", apikey);
    }
    body.mergeIn(params);
    return rawPost(path, "application/json", body.encode());
  }

  /** Logs a user in ({@code nick} defaults to the capitalised name) and returns its new page. */
  public Page login(String name, String... keyValues) {
    Params p = auth("name", name, "nick", defaultNick(name)).with(keyValues);
    Reply r = rawPost("/presences/online", "application/x-www-form-urlencoded", p.encoded());
    if (r.status() != 200) {
      throw new AssertionError("login of " + name + " failed: " + r);
    }
    JsonObject json = r.json();
    String ticket = json.getString("ticket");
    if (ticket == null || ticket.isEmpty()) {
      throw new AssertionError("login of " + name + " gave no ticket: " + r);
    }
    return new Page(this, name, ticket, r);
  }

  /** {@link #login} without waiting: many logins at the same instant. */
  public CompletableFuture<Page> loginAsync(String name, String... keyValues) {
    Params p = auth("name", name, "nick", defaultNick(name)).with(keyValues);
    return sendAsync(request("/presences/online").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(p.encoded()))).thenApply(r -> {
          if (r.status() != 200) {
            throw new AssertionError("login of " + name + " failed: " + r);
          }
          return new Page(this, name, r.json().getString("ticket"), r);
        });
  }

  public static String defaultNick(String name) {
    return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  // ---- raw requests ------------------------------------------------------------------------

  public Reply rawGet(String pathAndQuery) {
    return await(rawGetAsync(pathAndQuery));
  }

  public CompletableFuture<Reply> rawGetAsync(String pathAndQuery) {
    return sendAsync(request(pathAndQuery).GET());
  }

  public Reply rawPost(String pathAndQuery, String contentType, String body) {
    return send(request(pathAndQuery).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  /** POST whose body goes out with {@code Transfer-Encoding: chunked} (length unknown up front). */
  public Reply rawPostChunked(String pathAndQuery, String contentType, byte[] body) {
    return send(request(pathAndQuery).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  public CompletableFuture<Reply> postAsync(String path, String... keyValues) {
    return sendAsync(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(auth(keyValues).encoded(), StandardCharsets.UTF_8)));
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    String base = baseUrls.get(Math.floorMod(next.getAndIncrement(), baseUrls.size()));
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(REQUEST_TIMEOUT);
  }

  public Reply send(HttpRequest.Builder request) {
    return await(sendAsync(request));
  }

  public CompletableFuture<Reply> sendAsync(HttpRequest.Builder request) {
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(resp -> new Reply(resp.statusCode(), resp.headers(), resp.body()));
  }

  /** Waits for a future the tests started, turning its failure into the real cause. */
  public static <T> T await(CompletableFuture<T> future) {
    return await(future, REQUEST_TIMEOUT.toMillis() + 1000);
  }

  public static <T> T await(CompletableFuture<T> future, long timeoutMs) {
    try {
      return future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw new AssertionError("HTTP request failed: " + cause, cause);
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new AssertionError(cause);
    } catch (TimeoutException e) {
      throw new AssertionError("no reply within " + timeoutMs + " ms", e);
    }
  }
}
