package org.nextim.router.testing;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One HTTP reply as the tests see it: status, headers, body text. */
public record Reply(int status, HttpHeaders headers, String body) {

  /** The Content-Type header as sent, or "" when absent. */
  public String contentType() {
    return header("Content-Type").orElse("");
  }

  /** The Content-Type lower-cased without blanks, for comparing with the documented value. */
  public String normalizedContentType() {
    return contentType().replace(" ", "").toLowerCase(Locale.ROOT);
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  public List<String> headerValues(String name) {
    return headers.allValues(name);
  }

  public JsonObject json() {
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new AssertionError("expected a JSON object but got " + this, e);
    }
  }

  public JsonArray jsonArray() {
    try {
      return new JsonArray(body);
    } catch (DecodeException | ClassCastException e) {
      throw new AssertionError("expected a JSON array but got " + this, e);
    }
  }

  @Override
  public String toString() {
    String shown = body.length() > 600 ? body.substring(0, 600) + "…" : body;
    return "HTTP " + status + " [" + contentType() + "] " + shown;
  }
}
