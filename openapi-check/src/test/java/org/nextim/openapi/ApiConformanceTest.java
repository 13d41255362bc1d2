package org.nextim.openapi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reply and request checks themselves, on small documents: what they accept, what they refuse, what they count. */
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
    assertProblem("2 operations no test called: [GET /items/{id}, POST /ok]", api::assertEveryReplyProduced);
    api.check("POST", "/ok", reply(200, "text/plain", "ok"));
    assertEquals(List.of("GET /items/{id}"), api.uncalledOperations());
  }

  private static ApiReply answered(int status, ApiRequest request) {
    return new ApiReply(status, Map.of("content-type", List.of(status == 200 ? "text/plain" : "application/json")),
        status == 200 ? "ok" : "{\"error\":\"invalid_parameter\",\"message\":\"bad\"}", request);
  }

  private static ApiRequest get(String pathAndQuery) {
    return ApiRequest.of("GET", pathAndQuery, null, null);
  }

  @Test
  void aRequestThatSucceededMustBeOneTheDocumentAllows() {
    ApiConformance api = ApiConformance.of(ApiDocument.fromResource("requests.json"));
    api.check("GET", "/search", answered(200, get("/search?q=abc&n=3")));
    api.check("PUT", "/things/{id}", answered(200, ApiRequest.of("PUT", "/things/abc", "application/json", "{\"name\":\"x\"}")));
    api.check("POST", "/form", answered(200, ApiRequest.of("POST", "/form", "application/x-www-form-urlencoded; charset=utf-8",
        HttpDriver.form("a", "1", "flag", "0", "callback", "cb"))));
    api.check("POST", "/form", answered(200, ApiRequest.of("POST", "/form?callback=cb", "application/x-www-form-urlencoded", "a=x")));

    assertProblem("required query parameter q not sent", () -> api.check("GET", "/search", answered(200, get("/search?n=3"))));
    assertProblem("parameter colour is not described", () -> api.check("GET", "/search", answered(200, get("/search?q=a&colour=red"))));
    assertProblem("query parameter n 'many'", () -> api.check("GET", "/search", answered(200, get("/search?q=a&n=many"))));
    assertProblem("query parameter n '0'", () -> api.check("GET", "/search", answered(200, get("/search?q=a&n=0"))));
    assertProblem("query parameter q 'toolong'", () -> api.check("GET", "/search", answered(200, get("/search?q=toolong"))));
    assertProblem("path parameter id 'ABC'", () -> api.check("PUT", "/things/{id}",
        answered(200, ApiRequest.of("PUT", "/things/ABC", "application/json", "{\"name\":\"x\"}"))));
    assertProblem("does not match /things/{id}", () -> api.check("PUT", "/things/{id}",
        answered(200, ApiRequest.of("PUT", "/stuff/abc", "application/json", "{\"name\":\"x\"}"))));
    assertProblem("request body: ", () -> api.check("PUT", "/things/{id}",
        answered(200, ApiRequest.of("PUT", "/things/abc", "application/json", "{\"nom\":\"x\"}"))));
    assertProblem("the request body is required", () -> api.check("PUT", "/things/{id}",
        answered(200, ApiRequest.of("PUT", "/things/abc", null, null))));
    assertProblem("content type 'text/plain' is not described", () -> api.check("PUT", "/things/{id}",
        answered(200, ApiRequest.of("PUT", "/things/abc", "text/plain", "name"))));
    assertProblem("required form field a not sent", () -> api.check("POST", "/form",
        answered(200, ApiRequest.of("POST", "/form", "application/x-www-form-urlencoded", "flag=1"))));
    assertProblem("form field flag 'yes'", () -> api.check("POST", "/form",
        answered(200, ApiRequest.of("POST", "/form", "application/x-www-form-urlencoded", "a=1&flag=yes"))));
    api.check("POST", "/open", answered(200, ApiRequest.of("POST", "/open", "application/x-www-form-urlencoded", "a=long&any=abc")));
    assertProblem("form field any 'abcd'", () -> api.check("POST", "/open",
        answered(200, ApiRequest.of("POST", "/open", "application/x-www-form-urlencoded", "any=abcd"))));
    assertProblem("sent as POST", () -> api.check("GET", "/search", answered(200, ApiRequest.of("POST", "/search?q=a", null, null))));

    // A refused request is what the test meant to send: only the reply is checked.
    api.check("GET", "/search", answered(400, get("/search?n=many&colour=red")));
  }

  private static void assertProblem(String expected, Runnable call) {
    AssertionError e = assertThrows(AssertionError.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
