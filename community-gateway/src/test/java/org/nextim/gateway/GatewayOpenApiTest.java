package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.nextim.gateway.http.ApiDocs;
import org.nextim.gateway.testing.FakeRouter;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;
import org.nextim.limits.RateLimit;
import org.nextim.openapi.ApiConformance;
import org.nextim.openapi.ApiDocument;
import org.nextim.openapi.ApiReply;
import org.nextim.openapi.HttpDriver;
import org.nextim.openapi.MarkdownReference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's OpenAPI document ({@value ApiDocs#RESOURCE}) against real replies. Every browser call
 * is made for its success (JSON and JSONP) and then put through the same probes — no identity, another
 * user's ticket, a malformed parameter, a body over the limit, over the user's rate, a router that
 * answers 503, 404 or is gone — and each reply is checked against the document; a probe whose status
 * the document lists for the call must produce it. The widget's extensions (client ids, receipts,
 * history pages) for their replies and their 400s and 404s; the site API and the operations endpoints
 * likewise. A successful call's request is checked too (what the test sent must be a call the document
 * allows, so a parameter the gateway reads but the document lacks fails). The last tests fail for a documented reply that no probe produced and for a served path the
 * document lacks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class GatewayOpenApiTest {

  /** The test gateway's body limit. */
  private static final int MAX_BODY = 4_096;
  /** Over the body limit, in fields each under the form decoder's own limit (the same number). */
  private static final String[] HUGE = {"pad1", "x".repeat(2_000), "pad2", "x".repeat(2_000), "pad3", "x".repeat(2_000)};

  private final ApiConformance api = ApiConformance.of(ApiDocument.fromResource(ApiDocs.RESOURCE));
  private TestSite site;
  private HttpDriver http;
  private String alice;
  private String bob;

  /** One browser call: method, path, and the parameters of a call that succeeds. */
  private record Call(String method, String path, String[] params, String[] malformed) {
    boolean writes() {
      return !"GET".equals(method);
    }

    /** The same call for the page {@code ticket}. */
    Call on(String ticket) {
      return new Call(method, path, bind(params, ticket), malformed == null ? null : bind(malformed, ticket));
    }

    private static String[] bind(String[] params, String ticket) {
      return Arrays.stream(params).map(p -> T.equals(p) ? ticket : p).toArray(String[]::new);
    }
  }

  /** The calls, each for a page of its own minted now on {@code h} (pages the router drops when idle). */
  private List<Call> callsOnFreshPages(HttpDriver h) {
    return calls().stream().map(c -> c.on(ticket(h, alice))).toList();
  }

  @BeforeAll
  void start() {
    site = TestSite.start(TestDb.h2(), c -> c.setDemo(true).setUserRequests(new RateLimit(1000, 100_000))
        .setMaxBodyBytes(MAX_BODY).setSiteMaxBodyBytes(MAX_BODY));
    http = new HttpDriver(site.url());
    alice = site.token("alice");
    bob = site.token("bob");
  }

  @AfterAll
  void stop() {
    site.close();
  }

  private static String[] with(String[] first, String... more) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  /** A call as {@code headers} say, checked against the document. */
  private ApiReply call(HttpDriver h, String method, String path, String[] params, String... headers) {
    String form = HttpDriver.form(params);
    ApiReply r = "GET".equals(method)
        ? h.send("GET", form.isEmpty() ? path : path + "?" + form, null, null, headers)
        : h.send(method, path, "application/x-www-form-urlencoded", form, headers);
    return api.check(method, path, r);
  }

  private String ticket(HttpDriver h, String token) {
    ApiReply r = call(h, "POST", "/webim/online", new String[0], bearer(token));
    assertEquals(200, r.status(), r.toString());
    return new JsonObject(r.body()).getJsonObject("connection").getString("ticket");
  }

  /** Where a call's parameters take the page's ticket: a fresh one per call (refresh and offline end theirs). */
  private static final String T = "$ticket";

  /** Every browser call, with the parameters that make it succeed for a live page of alice's ({@link #T}). */
  private static List<Call> calls() {
    String t = T;
    String[] none = {};
    return List.of(
        new Call("POST", "/webim/online", new String[] {"buddy_ids", "bob", "room_ids", "dev"}, new String[] {"show", "asleep"}),
        new Call("POST", "/webim/message", new String[] {"ticket", t, "to", "bob", "body", "hi"}, new String[] {"ticket", t, "to", "bob"}),
        new Call("POST", "/webim/status", new String[] {"ticket", t, "to", "bob", "show", "typing"}, new String[] {"ticket", t, "to", "bob", "show", "x"}),
        new Call("POST", "/webim/presence", new String[] {"ticket", t, "show", "away"}, new String[] {"ticket", t}),
        new Call("GET", "/webim/setting", none, null),
        new Call("POST", "/webim/setting", new String[] {"ticket", t, "data", "{\"play_sound\":false}"}, new String[] {"ticket", t, "data", "[1]"}),
        new Call("GET", "/webim/buddies", new String[] {"ids", "bob,carol"}, new String[] {"ids", "bad id!"}),
        new Call("GET", "/webim/rooms", new String[] {"ids", "dev,lobby"}, new String[] {"ids", "bad id!"}),
        new Call("POST", "/webim/join", new String[] {"ticket", t, "id", "music"}, new String[] {"ticket", t}),
        new Call("POST", "/webim/leave", new String[] {"ticket", t, "id", "music"}, new String[] {"ticket", t}),
        new Call("GET", "/webim/members", new String[] {"ids", "dev,lobby"}, none),
        new Call("GET", "/webim/histories", new String[] {"ids", "bob"}, none),
        new Call("GET", "/webim/history", new String[] {"id", "bob"}, new String[] {"id", "bob", "type", "x"}),
        new Call("GET", "/webim/receipts", new String[] {"ids", "bob"}, none),
        new Call("POST", "/webim/clear_history", new String[] {"ticket", t, "id", "bob"}, new String[] {"ticket", t}),
        new Call("GET", "/webim/download_history", new String[] {"id", "bob"}, none),
        new Call("GET", "/webim/notifications", none, null),
        new Call("GET", "/webim/notification", none, null),
        new Call("POST", "/webim/notifications/read", new String[] {"ticket", t, "ids", "1"}, new String[] {"ticket", t, "ids", "one"}),
        new Call("POST", "/webim/read_notifications", new String[] {"ticket", t, "ids", "1"}, new String[] {"ticket", t}),
        new Call("POST", "/webim/refresh", new String[] {"ticket", t}, none),
        new Call("POST", "/webim/offline", new String[] {"ticket", t}, none));
  }

  /** {@code reply} must have {@code status} when the document lists it for the call. */
  private void expect(Call c, int status, ApiReply reply) {
    if (api.document().statuses(new ApiDocument.Operation(c.method(), c.path())).contains(Integer.toString(status))) {
      assertEquals(status, reply.status(), c.method() + " " + c.path() + ": " + reply);
    }
  }

  @Test
  @Order(1)
  void browserCallsTheirJsonpAndTheirErrors() {
    String bobs = ticket(http, bob);
    for (Call unbound : calls()) {
      String mine = ticket(http, alice);
      Call c = unbound.on(mine);
      ApiReply ok = call(http, c.method(), c.path(), c.params(), bearer(alice));
      assertEquals(200, ok.status(), c.path() + ": " + ok);
      if (!c.path().equals("/webim/download_history")) {
        assertEquals("application/javascript", call(http, c.method(), c.path(), with(c.params(), "callback", "cb"),
            bearer(alice)).mediaType(), c.path());
      }
      if (!c.writes()) {
        // A read may carry the page's own ticket (a JSONP read by the cookie must): described, and accepted.
        String[] withTicket = with(c.params(), "ticket", mine);
        assertEquals(200, call(http, c.method(), c.path(), withTicket, bearer(alice)).status(), c.path());
        if (!c.path().equals("/webim/download_history")) {
          assertEquals(200, call(http, c.method(), c.path(), with(withTicket, "callback", "cb"), bearer(alice)).status(), c.path());
        }
      }
      expect(c, 401, call(http, c.method(), c.path(), c.params()));
      expect(c, 401, call(http, c.method(), c.path(), c.params(), bearer(alice + "x")));
      // Another user's page: refused for a call that changes state, and for any JSONP read.
      List<String> foreign = new ArrayList<>(List.of(c.params()));
      int at = foreign.indexOf("ticket");
      if (at >= 0) {
        foreign.set(at + 1, bobs);
      } else {
        foreign.addAll(List.of("ticket", bobs));
      }
      foreign.addAll(List.of("callback", "cb"));
      expect(c, 403, call(http, c.method(), c.path(), foreign.toArray(String[]::new), bearer(alice)));
      if (c.malformed() != null) {
        expect(c, 400, call(http, c.method(), c.path(), c.malformed(), bearer(alice)));
      }
      if (c.writes()) {
        expect(c, 413, call(http, c.method(), c.path(), with(c.params(), HUGE), bearer(alice)));
      }
    }
    assertEquals(200, call(http, "GET", "/webim/im.php", new String[] {"webim_action", "setting"}, bearer(alice)).status());
    assertEquals(200, call(http, "POST", "/webim/im.php", new String[] {"webim_action", "notifications"}, bearer(alice)).status());
    for (String method : List.of("GET", "POST")) {
      assertEquals(400, call(http, method, "/webim/im.php", new String[0], bearer(alice)).status());
      assertEquals(401, call(http, method, "/webim/im.php", new String[] {"webim_action", "setting"}).status());
      assertEquals(404, call(http, method, "/webim/im.php", new String[] {"webim_action", "teleport"}, bearer(alice)).status());
    }
  }

  @Test
  @Order(2)
  void overTheUsersRateEveryCallAnswers429() {
    try (TestSite limited = TestSite.start(TestDb.h2(), c -> c.setDemo(true).setUserRequests(new RateLimit(0.01, 1))
        .setMetricsToken("s3cret"))) {
      HttpDriver h = new HttpDriver(limited.url());
      assertEquals(401, api.check("GET", "/metrics", h.get("/metrics")).status());
      assertEquals(200, api.check("GET", "/metrics", h.send("GET", "/metrics", null, null, "Authorization", "Bearer s3cret")).status());
      ticket(h, alice); // the user's one request of the next 100 s
      for (Call c : calls()) {
        c = c.on("any");
        expect(c, 429, call(h, c.method(), c.path(), c.params(), bearer(alice)));
      }
    }
  }

  @Test
  @Order(3)
  void aRouterThatIsBusyOrHasLostThePageOrIsGone() {
    FakeRouter router = FakeRouter.start();
    try (TestSite site = TestSite.start(TestDb.h2(), c -> c.setDemo(true).setRouterUrl(router.url())
        .setRouterTimeoutMs(3_000).setRouterRetryMs(1_000).setUserRequests(new RateLimit(1000, 100_000)))) {
      HttpDriver h = new HttpDriver(site.url());
      List<Call> calls = callsOnFreshPages(h);
      List<String> routerPaths = List.of("/presences/online", "/presences/offline", "/presences/show", "/statuses",
          "/messages", "/onlines", "/room/members", "/room/join", "/room/leave");
      routerPaths.forEach(p -> router.unavailable(p, Integer.MAX_VALUE));
      for (Call c : calls) {
        expect(c, 503, call(h, c.method(), c.path(), c.params(), bearer(alice)));
      }
      router.reset();
      calls = callsOnFreshPages(h);
      routerPaths.forEach(p -> router.answer(p, 404, "invalid ticket.", Integer.MAX_VALUE));
      for (Call c : calls) {
        if (!c.path().equals("/webim/online")) {
          expect(c, 404, call(h, c.method(), c.path(), c.params(), bearer(alice)));
        }
      }
      router.reset();
      calls = callsOnFreshPages(h);
      router.close();
      for (Call c : calls) {
        expect(c, 502, call(h, c.method(), c.path(), c.params(), bearer(alice)));
      }
      assertEquals(503, api.check("GET", "/health/ready", h.get("/health/ready")).status());
    } finally {
      router.close();
    }
  }

  @Test
  @Order(4)
  void theSiteApi() {
    String[] key = {"X-Api-Key", TestSite.SITE_KEY};
    assertEquals(201, site("PUT", "/site/users/{id}", "/site/users/zed", "{\"nick\":\"Zed\"}", key).status());
    assertEquals(200, site("PUT", "/site/users/{id}", "/site/users/zed", "{\"nick\":\"Zed Z\",\"admin\":true}", key).status());
    assertEquals(400, site("PUT", "/site/users/{id}", "/site/users/zed", "{\"admin\":\"yes\"}", key).status());
    assertEquals(413, site("PUT", "/site/users/{id}", "/site/users/zed", "{\"nick\":\"" + "x".repeat(5_000) + "\"}", key).status());
    assertEquals(200, site("PUT", "/site/users/{id}/buddies", "/site/users/zed/buddies", "[\"alice\",{\"id\":\"bob\",\"group\":\"work\"}]", key).status());
    assertEquals(400, site("PUT", "/site/users/{id}/buddies", "/site/users/zed/buddies", "{}", key).status());
    assertEquals(404, site("PUT", "/site/users/{id}/buddies", "/site/users/nobody/buddies", "[]", key).status());
    assertEquals(413, site("PUT", "/site/users/{id}/buddies", "/site/users/zed/buddies", "[\"" + "x".repeat(5_000) + "\"]", key).status());
    assertEquals(201, site("POST", "/site/users/{id}/notifications", "/site/users/zed/notifications", "{\"text\":\"hi\",\"link\":\"/x\"}", key).status());
    assertEquals(400, site("POST", "/site/users/{id}/notifications", "/site/users/zed/notifications", "{}", key).status());
    assertEquals(404, site("POST", "/site/users/{id}/notifications", "/site/users/nobody/notifications", "{\"text\":\"hi\"}", key).status());
    assertEquals(413, site("POST", "/site/users/{id}/notifications", "/site/users/zed/notifications", "{\"text\":\"" + "x".repeat(5_000) + "\"}", key).status());
    assertEquals(201, site("PUT", "/site/rooms/{id}", "/site/rooms/club", "{\"nick\":\"Club\",\"members\":[\"zed\",\"alice\"]}", key).status());
    assertEquals(200, site("PUT", "/site/rooms/{id}", "/site/rooms/club", "{\"nick\":\"The club\"}", key).status());
    assertEquals(400, site("PUT", "/site/rooms/{id}", "/site/rooms/club", "{\"members\":\"zed\"}", key).status());
    assertEquals(413, site("PUT", "/site/rooms/{id}", "/site/rooms/club", "{\"nick\":\"" + "x".repeat(5_000) + "\"}", key).status());
    assertEquals(200, site("GET", "/site/stats", "/site/stats", null, key).status());
    assertEquals(204, site("DELETE", "/site/rooms/{id}", "/site/rooms/club", null, key).status());
    assertEquals(404, site("DELETE", "/site/rooms/{id}", "/site/rooms/club", null, key).status());
    assertEquals(400, site("DELETE", "/site/rooms/{id}", "/site/rooms/bad%20id", null, key).status());
    assertEquals(204, site("DELETE", "/site/users/{id}", "/site/users/zed", null, key).status());
    assertEquals(404, site("DELETE", "/site/users/{id}", "/site/users/zed", null, key).status());
    assertEquals(400, site("DELETE", "/site/users/{id}", "/site/users/bad%20id", null, key).status());
    for (var op : api.document().operations()) {
      if (op.path().startsWith("/site/")) {
        String path = op.path().replace("{id}", "zed");
        assertEquals(401, site(op.method(), op.path(), path, op.method().equals("GET") || op.method().equals("DELETE") ? null : "{}",
            "X-Api-Key", "wrong").status(), op.toString());
      }
    }
    assertEquals(200, api.check("POST", "/demo/login", http.post("/demo/login", "id", "alice")).status());
    assertEquals(400, api.check("POST", "/demo/login", http.post("/demo/login", "id", "no one")).status());
  }

  private ApiReply site(String method, String template, String path, String body, String... headers) {
    return api.check(method, template, http.send(method, path, body == null ? null : "application/json", body, headers));
  }

  @Test
  @Order(5)
  void operationsEndpoints() {
    for (String path : List.of("/health", "/health/live", "/health/ready", "/openapi.json", "/metrics")) {
      assertEquals(200, api.check("GET", path, http.get(path)).status(), path);
    }
    for (String path : List.of("/openapi.json", "/metrics")) {
      assertEquals(405, api.check("GET", path, http.send("POST", path, null, null)).status(), path);
    }
    assertEquals(api.document().json(), new JsonObject(http.get("/openapi.json").body()));
  }

  private static String[] param(String... kv) {
    return kv;
  }

  /**
   * The widget's extensions (docs/widget-protocol.md) for their replies and their 400s and 404s: a
   * message with a client id (JSON naming the stored message; a repeat is the same message), a read
   * receipt, the receipts and the online reply's, history pages backwards, the read_receipts setting.
   */
  @Test
  @Order(6)
  void clientIdsReceiptsHistoryPagesAndTheReceiptsSetting() {
    String a = ticket(http, alice);
    String b = ticket(http, bob);
    String[] toAlice = {"ticket", b, "to", "alice", "body", "seen?", "client_id", "c-openapi-1"};
    JsonObject sent = new JsonObject(call(http, "POST", "/webim/message", toAlice, bearer(bob)).body());
    assertEquals(false, sent.getBoolean("repeated"), sent.encode());
    JsonObject again = new JsonObject(call(http, "POST", "/webim/message", toAlice, bearer(bob)).body());
    assertEquals(sent.getString("id"), again.getString("id"), again.encode());
    assertEquals(true, again.getBoolean("repeated"), again.encode());
    ApiReply jsonp = call(http, "POST", "/webim/message", with(toAlice, "callback", "cb"), bearer(bob));
    assertTrue(jsonp.body().startsWith("cb({") && jsonp.body().contains(sent.getString("id")), jsonp.toString());
    assertBadParam("client_id", call(http, "POST", "/webim/message",
        param("ticket", b, "to", "alice", "body", "x", "client_id", "not an id!"), bearer(bob)));

    String id = sent.getString("id");
    assertEquals("ok", call(http, "POST", "/webim/status", param("ticket", a, "to", "bob", "show", "read", "id", id),
        bearer(alice)).body());
    assertBadParam("id", call(http, "POST", "/webim/status", param("ticket", a, "to", "bob", "show", "read"), bearer(alice)));
    assertBadParam("id", call(http, "POST", "/webim/status", param("ticket", a, "to", "bob", "show", "read", "id", "bad id!"),
        bearer(alice)));
    ApiReply unknown = call(http, "POST", "/webim/status", param("ticket", a, "to", "bob", "show", "read", "id", "no-such-message"),
        bearer(alice));
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals("unknown_message", new JsonObject(unknown.body()).getString("error"), unknown.toString());

    JsonObject receipts = new JsonObject(call(http, "GET", "/webim/receipts", param("ids", "alice,carol"), bearer(bob)).body());
    assertEquals(id, receipts.getJsonObject("alice").getString("read"), receipts.encode());
    JsonObject online = new JsonObject(call(http, "POST", "/webim/online", param("buddy_ids", "alice"), bearer(bob)).body());
    assertEquals(id, online.getJsonObject("receipts").getJsonObject("alice").getString("read"), online.encode());

    for (int i = 0; i < 3; i++) {
      call(http, "POST", "/webim/message", param("ticket", b, "to", "alice", "body", "page " + i), bearer(bob));
    }
    JsonArray newest = new JsonArray(call(http, "GET", "/webim/history", param("id", "bob", "limit", "2"), bearer(alice)).body());
    assertEquals(2, newest.size(), newest.encode());
    assertEquals("page 2", newest.getJsonObject(1).getString("body"), newest.encode());
    JsonArray earlier = new JsonArray(call(http, "GET", "/webim/history",
        param("id", "bob", "before", newest.getJsonObject(0).getString("id"), "limit", "2"), bearer(alice)).body());
    assertEquals("page 0", earlier.getJsonObject(1).getString("body"), earlier.encode());
    assertEquals("[]", call(http, "GET", "/webim/history", param("id", "bob", "before", "no-such-message"), bearer(alice)).body());
    for (String limit : List.of("0", "101", "many")) {
      assertBadParam("limit", call(http, "GET", "/webim/history", param("id", "bob", "limit", limit), bearer(alice)));
    }
    assertBadParam("before", call(http, "GET", "/webim/history", param("id", "bob", "before", "bad id!"), bearer(alice)));

    assertEquals("ok", call(http, "POST", "/webim/setting", param("ticket", a, "read_receipts", "false"), bearer(alice)).body());
    JsonObject settings = new JsonObject(call(http, "GET", "/webim/setting", param(), bearer(alice)).body());
    assertEquals(false, settings.getBoolean("read_receipts"), settings.encode());
  }

  private static void assertBadParam(String param, ApiReply reply) {
    assertEquals(400, reply.status(), reply.toString());
    assertEquals(param, new JsonObject(reply.body()).getString("param"), reply.toString());
  }

  @Test
  @Order(100)
  void everyDocumentedReplyWasProduced() {
    api.assertEveryReplyProduced();
  }

  @Test
  @Order(101)
  void theDocumentDescribesEveryPathTheGatewayServesAndNoOther() {
    api.assertDescribesExactly(site.gateway().servedPaths());
  }

  @Test
  @Order(102)
  void theReferencePageIsTheRenderingOfTheDocument() {
    MarkdownReference.verify(api.document(), Path.of("../docs/api/gateway.md"),
        "community-gateway/src/main/resources/" + ApiDocs.RESOURCE);
  }
}
