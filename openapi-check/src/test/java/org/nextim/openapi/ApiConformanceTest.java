package org.nextim.openapi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reply check itself, on a small document: what it accepts, what it refuses, what it counts. */
class ApiConformanceTest {

  private final ApiConformance api = ApiConformance.of(ApiDocument.fromResource("sample.json"));

  private static ApiReply reply(int status, String type, String body, String... headers) {
    Map<String, List<String>> h = new java.util.HashMap<>();
    if (type != null) {
      h.put("content-type", List.of(type));
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.put(headers[i].toLowerCase(), List.of(headers[i + 1]));
    }
    return new ApiReply(status, h, body);
  }

  @Test
  void acceptsWhatTheDocumentSays() {
    api.check("GET", "/items/{id}", reply(200, "application/json; charset=utf-8", "{\"id\":\"a\",\"n\":1}"));
    api.check("GET", "/items/{id}", reply(200, "application/javascript", "cb({\"id\":\"a\"});"));
    api.check("GET", "/items/{id}", reply(204, null, ""));
    api.check("GET", "/items/{id}", reply(429, "application/json", "{\"error\":\"rate_limited\",\"message\":\"slow\"}",
        "Retry-After", "3"));
    api.check("POST", "/ok", reply(200, "text/plain; charset=utf-8", "ok"));
    assertEquals(List.of(), api.unexercised());
  }

  @Test
  void refusesWhatItDoesNot() {
    assertProblem("not documented", () -> api.check("GET", "/items/{id}", reply(500, "application/json", "{}")));
    assertProblem("content type", () -> api.check("GET", "/items/{id}", reply(200, "text/plain", "x")));
    assertProblem("required property", () -> api.check("GET", "/items/{id}", reply(200, "application/json", "{\"n\":1}")));
    assertProblem("integer", () -> api.check("GET", "/items/{id}", reply(200, "application/json", "{\"id\":\"a\",\"n\":\"x\"}")));
    assertProblem("JSONP payload", () -> api.check("GET", "/items/{id}", reply(200, "application/javascript", "cb({});")));
    assertProblem("Retry-After", () -> api.check("GET", "/items/{id}",
        reply(429, "application/json", "{\"error\":\"rate_limited\",\"message\":\"slow\"}")));
    assertProblem("const", () -> api.check("POST", "/ok", reply(200, "text/plain", "okay")));
    assertProblem("no operation", () -> api.check("GET", "/ok", reply(200, "text/plain", "ok")));
    assertEquals(4, api.unexercised().size(), "refused replies are not counted: " + api.unexercised());
  }

  @Test
  void findsServedPathsTheDocumentLacksAndDocumentedOnesNotServed() {
    assertEquals(Set.of("/other"), api.undocumented(List.of("/items/:id", "/items/{x}", "/ok", "/other")));
    api.assertDescribesExactly(List.of("/items/:id", "/ok"));
    assertProblem("documented but not served: [/ok]", () -> api.assertDescribesExactly(List.of("/items/{id}")));
    assertProblem("served but not documented: [/other]", () -> api.assertDescribesExactly(List.of("/items/{id}", "/ok", "/other")));
    assertProblem("4 documented replies", api::assertEveryReplyProduced);
  }

  private static void assertProblem(String expected, Runnable call) {
    AssertionError e = assertThrows(AssertionError.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
