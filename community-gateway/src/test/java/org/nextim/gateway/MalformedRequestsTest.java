package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Jwt;
import org.nextim.gateway.testing.RawHttp;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that crashed (500) or held the connection (issue 10, part 2): each gets a 4xx JSON error,
 * and a request whose body is left unread or broken also gets its connection closed.
 */
class MalformedRequestsTest {

  static TestSite site;
  static RawHttp raw;
  static String token;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
    raw = site.raw();
    token = site.token("alice");
  }

  @AfterAll
  static void stop() {
    raw.close();
    site.close();
  }

  /** One request on its own connection; the reply must come within 5 s. */
  private static RawHttp.Response send(String request) {
    RawHttp.Response r = TestSite.await(raw.send(request, 5_000, false));
    assertFalse(r.hung(), () -> "no answer to " + request);
    return r;
  }

  /** Same, and the server must also close the connection after its reply. */
  private static RawHttp.Response sendAndAwaitClose(String request) {
    RawHttp.Response r = TestSite.await(raw.send(request, 5_000, true));
    assertFalse(r.hung(), () -> "no answer to " + request);
    assertTrue(r.closed(), () -> "the connection stayed open after " + r + " to " + request);
    return r;
  }

  private static JsonObject jsonError(RawHttp.Response r, int status) {
    assertEquals(status, r.status(), r::toString);
    assertNotNull(r.header("Content-Type"), r::toString);
    assertTrue(r.header("Content-Type").startsWith("application/json"), r::toString);
    JsonObject body = new JsonObject(r.body());
    assertNotNull(body.getString("error"), r::toString);
    assertNotNull(body.getString("message"), r::toString);
    return body;
  }

  private static String get(String target, String... headers) {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + String.join("", headerLines(headers)) + "\r\n";
  }

  private static List<String> headerLines(String... headers) {
    return java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList();
  }

  private static String withBody(String method, String target, String type, String body, String... headers) {
    return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
        + "\r\nContent-Length: " + body.length() + "\r\n" + String.join("", headerLines(headers)) + "\r\n" + body;
  }

  @Test
  void aBadPercentEscapeInTheQueryIs400() {
    for (String target : List.of("/webim/buddies?%", "/webim/buddies?ids=%zz", "/webim/buddies?ids=a%2", "/webim/im.php?webim_action=%",
        "/webim/history?id=%%&callback=cb", "/site/users/x?%", "/health?%")) {
      JsonObject e = jsonError(send(get(target, "Authorization: Bearer " + token)), 400);
      assertEquals("query", e.getString("param"), target);
    }
  }

  @Test
  void aBadPercentEscapeInThePathIs400() {
    for (String target : List.of("/webim/on%line", "/%", "/webim/%zz", "/site/users/%", "/webim/im.php%?webim_action=online")) {
      RawHttp.Response r = send(get(target, "Authorization: Bearer " + token));
      assertEquals("path", jsonError(r, 400).getString("param"), target);
      jsonError(sendAndAwaitClose(withBody("POST", target, "application/x-www-form-urlencoded", "a=b")), 400);
    }
  }

  @Test
  void aBadEscapeWithABodyIsAnsweredAndTheConnectionClosed() {
    for (String path : List.of("/nosuch?%", "/webim/message?%", "/site/users/x?%", "/demo/login?%")) {
      jsonError(sendAndAwaitClose(withBody("POST", path, "application/x-www-form-urlencoded", "a=b&c=d")), 400);
      jsonError(sendAndAwaitClose(withBody("POST", path, "application/json", "{\"a\":1}")), 400);
      // The body announced but not all sent: answered at once, not waited for.
      jsonError(sendAndAwaitClose("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nabc"), 400);
    }
  }

  @Test
  void aBadPercentEscapeInAFormBodyIs400() {
    for (String body : List.of("a=%zz", "ids=%", "to=%E0%A4%A&body=x", "%")) {
      String request = withBody("POST", "/webim/message", "application/x-www-form-urlencoded", body,
          "Authorization: Bearer " + token);
      assertEquals(400, send(request).status(), body);
    }
  }

  @Test
  void aFormBodyWithAMethodThatCannotCarryOneIsNoCrash() {
    String form = "application/x-www-form-urlencoded";
    for (String method : List.of("TRACE", "OPTIONS", "FOO", "CONNECT", "PROPFIND")) {
      jsonError(sendAndAwaitClose(withBody(method, "/webim/buddies", form, "ids=bob", "Authorization: Bearer " + token)), 405);
      jsonError(sendAndAwaitClose(withBody(method, "/nosuch", "multipart/form-data; boundary=x", "--x--")), 405);
    }
    // GET and HEAD take their parameters from the query string only; a body is ignored (spec 2.1).
    RawHttp.Response r = send(withBody("GET", "/webim/buddies?ids=bob", form, "ids=carol", "Authorization: Bearer " + token));
    assertEquals(200, r.status(), r::toString);
    assertEquals("bob", new JsonArray(r.body()).getJsonObject(0).getString("id"));
    jsonError(send(withBody("GET", "/webim/buddies", form, "ids=carol")), 401);
    RawHttp.Response head = send(withBody("HEAD", "/webim/buddies?ids=bob", form, "ids=carol", "Authorization: Bearer " + token));
    assertEquals(200, head.status(), head::toString);
  }

  @Test
  void theBareWebimPathIs404() {
    for (String method : List.of("GET", "DELETE", "POST")) {
      String request = method + " /webim HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n";
      assertEquals("not_found", jsonError(send(request), 404).getString("error"), method);
    }
    assertEquals("not_found", jsonError(send(get("/webim?x=1")), 404).getString("error"));
    assertEquals("not_found", jsonError(send(get("/webim/", "Authorization: Bearer " + token)), 404).getString("error"));
  }

  @Test
  void aBrokenChunkedBodyIs400AndClosed() {
    for (String chunks : List.of("zz\r\nab\r\n0\r\n\r\n", "-1\r\nab\r\n0\r\n\r\n", "fffffffffffffffffff\r\nab\r\n",
        "3\r\na=b\r\n;;\r\n\r\n")) {
      String request = "POST /webim/message HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks;
      jsonError(sendAndAwaitClose(request), 400);
      jsonError(sendAndAwaitClose(request.replace("/webim/message", "/nosuch")), 400);
    }
  }

  @Test
  void aSiteCallWithoutABodyIs400() {
    // Found by GatewayFuzzTest: no Content-Length and no chunks means no body at all (500 before).
    for (String call : List.of("PUT /site/users/f1", "PUT /site/users/f1/buddies", "POST /site/users/alice/notifications",
        "PUT /site/rooms/r1")) {
      String request = call + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + TestSite.SITE_KEY + "\r\n\r\n";
      assertEquals("body", jsonError(send(request), 400).getString("param"), call);
    }
  }

  @Test
  void anH2cUpgradeIsNotTaken() {
    // Found by GatewayFuzzTest: an h2c upgrade with bad settings was never answered. Served as HTTP/1.1.
    RawHttp.Response r = send("GET /health HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nHTTP2-Settings: %%%\r\n"
        + "Connection: Upgrade, HTTP2-Settings\r\n\r\n");
    assertEquals(200, r.status(), r::toString);
    assertEquals("ok", r.body());
  }

  @Test
  void timeClaimsOfTheWrongTypeAre401() {
    for (String claim : List.of("exp", "iat", "nbf")) {
      for (Object bad : List.of("soon", new JsonArray().add(1), new JsonObject().put("a", 1), true)) {
        String jwt = Jwt.hs256(TestSite.JWT_SECRET, new JsonObject().put("sub", "mallory").put(claim, bad));
        assertUnauthorized(jwt, claim + "=" + bad);
      }
      String jwt = Jwt.hs256(TestSite.JWT_SECRET, new JsonObject().put("sub", "mallory").putNull(claim));
      assertUnauthorized(jwt, claim + "=null");
    }
    // Numbers keep working, also as decimals.
    String ok = Jwt.hs256(TestSite.JWT_SECRET, new JsonObject().put("sub", "mallory").put("exp", Jwt.nowSeconds() + 600.5)
        .put("iat", Jwt.nowSeconds() - 1).put("nbf", Jwt.nowSeconds() - 10));
    assertEquals(200, send(get("/webim/buddies", "Authorization: Bearer " + ok)).status());
    String notYet = Jwt.hs256(TestSite.JWT_SECRET, new JsonObject().put("sub", "mallory").put("nbf", Jwt.nowSeconds() + 600));
    assertUnauthorized(notYet, "nbf in the future");
  }

  private static void assertUnauthorized(String jwt, String what) {
    RawHttp.Response r = send(get("/webim/buddies", "Authorization: Bearer " + jwt));
    assertEquals("unauthorized", jsonError(r, 401).getString("error"), what);
    RawHttp.Response cookie = send(get("/webim/buddies", "Cookie: webim_token=" + jwt));
    assertEquals(401, cookie.status(), what + " as a cookie: " + cookie);
  }
}
