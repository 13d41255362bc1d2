package org.nextim.gateway.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpHeaders;

/** A reply as a test sees it. */
public record Reply(int status, String body, HttpHeaders headers) {

  public JsonObject json() {
    try {
      return new JsonObject(body);
    } catch (RuntimeException e) {
      throw new AssertionError("not a JSON object (status " + status + "): " + body, e);
    }
  }

  public JsonArray array() {
    try {
      return new JsonArray(body);
    } catch (RuntimeException e) {
      throw new AssertionError("not a JSON array (status " + status + "): " + body, e);
    }
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
