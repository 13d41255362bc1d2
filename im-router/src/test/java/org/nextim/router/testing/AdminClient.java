package org.nextim.router.testing;

import io.vertx.core.json.JsonObject;

import java.net.http.HttpRequest;

/** Real HTTP calls to a router's admin API with a bearer token (null: no Authorization header). */
public final class AdminClient {

  private final RestClient http;
  private final String token;

  public AdminClient(String baseUrl, String token) {
    this.http = new RestClient(baseUrl, null, null);
    this.token = token;
  }

  public AdminClient withToken(String other) {
    return new AdminClient(http.baseUrl(), other);
  }

  public String baseUrl() {
    return http.baseUrl();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = http.request(path);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  public Reply get(String path) {
    return http.send(request(path).GET());
  }

  public Reply delete(String path) {
    return http.send(request(path).DELETE());
  }

  public Reply post(String path, JsonObject body) {
    return send("POST", path, body == null ? "" : body.encode());
  }

  public Reply put(String path, JsonObject body) {
    return send("PUT", path, body.encode());
  }

  /** Any method, any body text (for bad input). */
  public Reply send(String method, String path, String body) {
    return http.send(request(path).header("Content-Type", "application/json")
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Creates a domain and returns the reply's JSON (201 expected). */
  public JsonObject create(String domain) {
    Reply r = post("/admin/api/domains", new JsonObject().put("domain", domain));
    if (r.status() != 201) {
      throw new AssertionError("creating " + domain + " failed: " + r);
    }
    return r.json();
  }

  /** Rotates a domain's key with {@code overlapSeconds}; returns the reply's JSON (200 expected). */
  public JsonObject rotate(String domain, long overlapSeconds) {
    Reply r = post("/admin/api/domains/" + domain + "/rotate", new JsonObject().put("overlap_seconds", overlapSeconds));
    if (r.status() != 200) {
      throw new AssertionError("rotating " + domain + " failed: " + r);
    }
    return r.json();
  }
}
