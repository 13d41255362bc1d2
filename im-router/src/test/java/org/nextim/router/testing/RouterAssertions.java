package org.nextim.router.testing;

import io.vertx.core.json.JsonObject;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The reply shapes of protocol.md 2.1 and docs/router-decisions.md, one assertion each. */
public final class RouterAssertions {

  public static final String TEXT = "text/plain;charset=utf-8";
  public static final String JSON = "application/json;charset=utf-8";
  public static final String JAVASCRIPT = "application/javascript;charset=utf-8";

  private RouterAssertions() {
  }

  /** 200, {@code text/plain; charset=utf-8}, body {@code ok}. */
  public static void assertOk(Reply r) {
    assertEquals(200, r.status(), () -> "expected ok: " + r);
    assertEquals(TEXT, r.normalizedContentType(), () -> "content type of " + r);
    assertEquals("ok", r.body(), () -> "body of " + r);
  }

  /** The status and {@code application/json; charset=utf-8}; returns the object. */
  public static JsonObject assertJson(int status, Reply r) {
    assertEquals(status, r.status(), () -> "status of " + r);
    assertEquals(JSON, r.normalizedContentType(), () -> "content type of " + r);
    return r.json();
  }

  public static void assertText(int status, String body, Reply r) {
    assertEquals(status, r.status(), () -> "status of " + r);
    assertEquals(TEXT, r.normalizedContentType(), () -> "content type of " + r);
    assertEquals(body, r.body(), () -> "body of " + r);
  }

  /** 401 {@code authentication failed.} as text. */
  public static void assertUnauthorized(Reply r) {
    assertText(401, "authentication failed.", r);
  }

  /** REST 404 {@code invalid ticket.} as text. */
  public static void assertInvalidTicket(Reply r) {
    assertText(404, "invalid ticket.", r);
  }

  /** {@code /packets} 404 JSON {@code invalid_ticket}. */
  public static void assertPollInvalidTicket(Reply r) {
    assertJsonError(404, "invalid_ticket", r);
  }

  /** JSON error {@code {"error": code, "message": ...}}; returns the object. */
  public static JsonObject assertJsonError(int status, String code, Reply r) {
    JsonObject json = assertJson(status, r);
    assertEquals(code, json.getString("error"), () -> "error code of " + r);
    assertNotNull(json.getValue("message"), () -> "error without message: " + r);
    return json;
  }

  /** 400 {@code missing_parameter} naming {@code param}. */
  public static void assertMissing(String param, Reply r) {
    JsonObject json = assertJsonError(400, "missing_parameter", r);
    assertEquals(param, json.getString("param"), () -> "param of " + r);
  }

  /** 400 {@code invalid_parameter} naming {@code param}. */
  public static void assertInvalid(String param, Reply r) {
    JsonObject json = assertJsonError(400, "invalid_parameter", r);
    assertEquals(param, json.getString("param"), () -> "param of " + r);
  }

  /** 400 naming {@code param}, missing or invalid (an empty value may be read either way). */
  public static void assertBadParam(String param, Reply r) {
    JsonObject json = assertJson(400, r);
    String code = json.getString("error");
    if (!"missing_parameter".equals(code) && !"invalid_parameter".equals(code)) {
      throw new AssertionError("expected missing_parameter or invalid_parameter: " + r);
    }
    assertEquals(param, json.getString("param"), () -> "param of " + r);
  }

  /** A message packet has exactly the documented keys. */
  public static void assertMessageShape(JsonObject m, boolean withId) {
    java.util.Set<String> keys = new java.util.TreeSet<>(m.fieldNames());
    java.util.Set<String> want = new java.util.TreeSet<>(java.util.List.of(
        "from", "nick", "to", "timestamp", "type", "body", "style"));
    if (withId) {
      want.add("id");
    }
    assertEquals(want, keys, () -> "message packet keys of " + m);
    assertEquals(true, m.getValue("timestamp") instanceof Number, () -> "timestamp not a number: " + m);
  }

  /** Compares the fields given with the packet's (other fields are not checked). */
  public static void assertFields(Map<String, Object> want, JsonObject packet) {
    want.forEach((k, v) -> assertEquals(v, packet.getValue(k), () -> "field '" + k + "' of " + packet));
  }

  /** Waits (polling, without sleeping long) until the client's key is refused: 401; fails after {@code deadlineMs}. */
  public static void awaitUnauthorized(RestClient client, long deadlineMs) {
    while (true) {
      Reply r = client.get("/onlines", "names", "x");
      if (r.status() == 401) {
        assertUnauthorized(r);
        return;
      }
      assertEquals(200, r.status(), r::toString);
      if (System.currentTimeMillis() > deadlineMs) {
        throw new AssertionError("the old key still works after its overlap");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
