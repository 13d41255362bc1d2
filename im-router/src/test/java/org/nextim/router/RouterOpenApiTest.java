package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.nextim.limits.RateLimit;
import org.nextim.openapi.ApiConformance;
import org.nextim.openapi.ApiDocument;
import org.nextim.openapi.ApiReply;
import org.nextim.openapi.HttpDriver;
import org.nextim.openapi.MarkdownReference;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The router's OpenAPI document as {@code /openapi.json} serves it ({@value ApiDescription#ROUTER} with
 * the admin API's {@value ApiDescription#ADMIN} merged in) against real replies: every operation is
 * called on real routers (one with the admin API on, one with tight rate limits, one with the admin API
 * off, a 2-node cluster with a stalled node for the 503s) for its success and each documented error,
 * and each reply is checked against the document (status, content type, body schema, required headers;
 * for a success also the request: what the test sent must be a call the document allows). The last
 * tests fail for a documented reply no test produced (so for an operation no test made) and for a path
 * the router serves that the document lacks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class RouterOpenApiTest {

  private static final String[] KEY = {"domain", TestRouter.DOMAIN, "apikey", TestRouter.APIKEY};
  private static final String[] BAD_KEY = {"domain", TestRouter.DOMAIN, "apikey", "wrong"};
  /** Over the test routers' 4,096-byte body limit. */
  private static final String HUGE = "x".repeat(5_000);

  private static final String ADMIN_TOKEN = "admin-token-for-the-openapi-test";
  private static final String[] ADMIN = {"Authorization", "Bearer " + ADMIN_TOKEN};
  private static final String JSON = "application/json";

  private final ApiConformance api = ApiConformance.of(ApiDocument.of(ApiDescription.load().document()));
  private final Vertx vertx = Vertx.vertx();
  private RouterVerticle plain;
  private HttpDriver http;

  @BeforeAll
  void start() {
    plain = deploy(TestRouter.defaults().setIdleTimeoutMs(60_000).setAdminToken(ADMIN_TOKEN));
    http = driver(plain);
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private RouterVerticle deploy(RouterConfig config) {
    RouterVerticle router = new RouterVerticle(config);
    try {
      vertx.deployVerticle(router).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("router did not deploy", e);
    }
    return router;
  }

  private static HttpDriver driver(RouterVerticle router) {
    return new HttpDriver("http://127.0.0.1:" + router.actualPort());
  }

  private static String[] with(String[] first, String... more) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
  }

  /** A REST call as the test tenant, checked against the document. */
  private ApiReply post(HttpDriver h, String path, String... params) {
    return api.check("POST", path, h.post(path, with(KEY, params)));
  }

  private ApiReply get(HttpDriver h, String path, String... params) {
    return api.check("GET", path, h.get(path, with(KEY, params)));
  }

  private void assertStatus(int status, ApiReply reply) {
    assertEquals(status, reply.status(), reply.toString());
  }

  /** A 400 naming {@code param}. */
  private void assertParam(String param, ApiReply reply) {
    assertStatus(400, reply);
    assertEquals(param, new JsonObject(reply.body()).getString("param"), reply.toString());
  }

  private String login(HttpDriver h, String name, String... params) {
    ApiReply r = post(h, "/presences/online", with(new String[] {"name", name, "nick", name.toUpperCase()}, params));
    assertStatus(200, r);
    return new JsonObject(r.body()).getString("ticket");
  }

  /** For a POST call: 401 with a wrong key, 404 for a dead ticket, 413 for a body over the limit. */
  private void commonErrors(String path, String... required) {
    assertStatus(401, api.check("POST", path, http.post(path, with(BAD_KEY, required))));
    assertStatus(413, api.check("POST", path, http.post(path, with(KEY, with(required, "pad", HUGE)))));
    List<String> dead = new ArrayList<>(List.of(required));
    dead.set(dead.indexOf("ticket") + 1, "no-such-ticket");
    assertStatus(404, post(http, path, dead.toArray(String[]::new)));
  }

  @Test
  @Order(1)
  void everyRestCallAndItsErrors() {
    String alice = login(http, "alice", "buddies", "bob", "rooms", "r1");
    String bob = login(http, "bob", "buddies", "alice", "rooms", "r1", "version", "3");
    assertStatus(400, post(http, "/presences/online", "name", "carol"));
    assertStatus(401, api.check("POST", "/presences/online", http.post("/presences/online", with(BAD_KEY, "name", "x", "nick", "X"))));
    assertStatus(413, api.check("POST", "/presences/online", http.post("/presences/online", with(KEY, "name", "x", "nick", HUGE))));

    assertStatus(200, post(http, "/presences/show", "ticket", alice, "show", "away", "status", "lunch"));
    assertStatus(400, post(http, "/presences/show", "ticket", alice, "show", "sleeping"));
    commonErrors("/presences/show", "ticket", alice, "show", "away");

    assertStatus(200, post(http, "/statuses", "ticket", alice, "to", "bob", "show", "typing"));
    assertStatus(200, post(http, "/statuses", "ticket", alice, "to", "bob", "show", "read", "id", "m-" + "7".repeat(126)));
    assertStatus(200, post(http, "/statuses", "ticket", alice, "to", "bob", "show", "delivered", "id", "m2"));
    assertStatus(400, post(http, "/statuses", "ticket", alice, "to", "bob"));
    assertParam("id", post(http, "/statuses", "ticket", alice, "to", "bob", "show", "read", "id", "m".repeat(129)));
    commonErrors("/statuses", "ticket", alice, "to", "bob", "show", "typing");

    assertStatus(200, post(http, "/messages", "ticket", alice, "to", "bob", "body", "hi"));
    ApiReply acked = post(http, "/messages", "ticket", alice, "to", "bob", "body", "counted", "ack", "1", "id", "m1");
    assertEquals(1, new JsonObject(acked.body()).getInteger("delivered"), acked.body());
    assertStatus(200, post(http, "/messages", "ticket", alice, "to", "r1", "type", "multicast", "body", "room"));
    assertStatus(200, post(http, "/messages", "ticket", alice, "type", "broadcast", "body", "all"));
    assertStatus(403, post(http, "/messages", "ticket", alice, "to", "r9", "type", "multicast", "body", "no"));
    assertStatus(400, post(http, "/messages", "ticket", alice, "to", "bob", "body", "x", "type", "telepathy"));
    commonErrors("/messages", "ticket", alice, "to", "bob", "body", "x");

    assertEquals("alice,bob", get(http, "/onlines", "names", "alice,carol,bob").body());
    assertStatus(200, get(http, "/onlines", "names", "alice,bob", "version", "3", "ticket", alice));
    assertStatus(400, get(http, "/onlines"));
    assertStatus(401, api.check("GET", "/onlines", http.get("/onlines", with(BAD_KEY, "names", "alice"))));
    assertStatus(404, get(http, "/onlines", "names", "alice", "ticket", "no-such-ticket"));

    assertStatus(200, post(http, "/room/join", "ticket", alice, "room", "r2"));
    assertStatus(400, post(http, "/room/join", "ticket", alice));
    commonErrors("/room/join", "ticket", alice, "room", "r2");
    assertEquals(1, new JsonObject(get(http, "/room/members", "room", "r2").body()).getJsonArray("r2").size());
    assertStatus(200, get(http, "/room/members", "rooms", "r1,r2,nowhere", "ticket", bob));
    assertStatus(400, get(http, "/room/members"));
    assertStatus(401, api.check("GET", "/room/members", http.get("/room/members", with(BAD_KEY, "room", "r1"))));
    assertStatus(404, get(http, "/room/members", "room", "r1", "ticket", "no-such-ticket"));
    assertStatus(200, post(http, "/room/leave", "ticket", alice, "room", "r2"));
    assertStatus(400, post(http, "/room/leave", "ticket", alice, "room", "a,b"));
    commonErrors("/room/leave", "ticket", alice, "room", "r2");

    // Bob's page has alice's messages, presences and status queued: a full reply, then JSONP.
    ApiReply poll = api.check("GET", "/packets", http.get("/packets", "domain", TestRouter.DOMAIN, "ticket", bob, "cursor", "0"));
    JsonObject packets = new JsonObject(poll.body());
    assertTrue(!packets.getJsonArray("messages").isEmpty() && !packets.getJsonArray("presences").isEmpty()
        && !packets.getJsonArray("statuses").isEmpty(), poll.body());
    assertTrue(packets.getJsonArray("statuses").stream().map(JsonObject.class::cast)
        .anyMatch(st -> "delivered".equals(st.getString("show")) && "m2".equals(st.getString("id"))), poll.body());
    assertStatus(200, api.check("GET", "/packets", http.get("/packets", "domain", TestRouter.DOMAIN, "ticket", bob,
        "cursor", "0", "callback", "webim.cb")));
    assertStatus(400, api.check("GET", "/packets", http.get("/packets", "domain", TestRouter.DOMAIN, "ticket", bob,
        "callback", "alert(1)")));
    assertStatus(404, api.check("GET", "/packets", http.get("/packets", "domain", TestRouter.DOMAIN, "ticket", "gone")));

    assertStatus(400, post(http, "/presences/offline"));
    commonErrors("/presences/offline", "ticket", bob);
    assertStatus(200, post(http, "/presences/offline", "ticket", bob, "all", "1"));
  }

  @Test
  @Order(2)
  void operationsEndpoints() {
    for (String path : List.of("/health", "/health/live", "/health/ready", "/metrics", "/openapi.json")) {
      assertStatus(200, api.check("GET", path, http.get(path)));
      if (!"/health".equals(path)) {
        ApiReply refused = api.check("GET", path, http.send("POST", path, null, null));
        assertStatus(405, refused);
      }
    }
    assertEquals(ApiDescription.load().document(), new JsonObject(http.get("/openapi.json").body()),
        "/openapi.json serves the document with what it merges");
  }

  @Test
  @Order(3)
  void rateLimitsAnswer429WithRetryAfter() {
    RateLimit once = new RateLimit(0.01, 1);
    HttpDriver limited = driver(deploy(TestRouter.defaults().setUserLogins(once).setPageMessages(once).setPageTyping(once)));
    String ticket = login(limited, "alice");
    assertStatus(429, post(limited, "/presences/online", "name", "alice", "nick", "A"));
    assertStatus(200, post(limited, "/messages", "ticket", ticket, "to", "bob", "body", "one"));
    assertStatus(429, post(limited, "/messages", "ticket", ticket, "to", "bob", "body", "two"));
    assertStatus(200, post(limited, "/statuses", "ticket", ticket, "to", "bob", "show", "typing"));
    assertStatus(429, post(limited, "/statuses", "ticket", ticket, "to", "bob", "show", "clear"));
  }

  /**
   * A 2-node cluster whose node holding alice's page stands still: every call for her page through the
   * other node answers 503 (the JSONP poll a script saying so). Then the metrics token and a
   * draining node's readiness.
   */
  @Test
  @Order(4)
  void aStalledNodeAnswers503AndADrainingOneIsNotReady() throws Exception {
    try (TestCluster cluster = TestCluster.start(2)) {
      List<RouterVerticle> routers = cluster.deploy(TestRouter.defaults().setClusterCallTimeoutMs(300)
          .setIdleTimeoutMs(20_000).setMetricsToken("s3cret"));
      HttpDriver first = driver(routers.get(0));
      String alice = login(first, "alice", "rooms", "r1");
      int home = 0;
      for (int i = 0; i < routers.size(); i++) {
        if (alice.startsWith(routers.get(i).cluster().id() + ".")) {
          home = i;
        }
      }
      HttpDriver other = driver(routers.get(1 - home));
      String[] t = {"ticket", alice};
      Map<String, String[]> posts = Map.of(
          "/presences/online", new String[] {"name", "alice", "nick", "A"},
          "/presences/offline", t,
          "/presences/show", with(t, "show", "away"),
          "/statuses", with(t, "to", "bob", "show", "typing"),
          "/messages", with(t, "to", "bob", "body", "hi"),
          "/room/join", with(t, "room", "r2"),
          "/room/leave", with(t, "room", "r1"));
      Map<String, String[]> gets = Map.of(
          "/onlines", with(t, "names", "alice"),
          "/room/members", with(t, "room", "r1"));
      TestCluster.stall(cluster.members().get(home), 2_500);
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      posts.forEach((path, params) -> calls.add(other.sendAsync("POST", path, "application/x-www-form-urlencoded",
          HttpDriver.form(with(KEY, params))).thenAccept(r -> assertStatus(503, api.check("POST", path, r)))));
      gets.forEach((path, params) -> calls.add(other.sendAsync("GET", path + "?" + HttpDriver.form(with(KEY, params)),
          null, null).thenAccept(r -> assertStatus(503, api.check("GET", path, r)))));
      String poll = "/packets?" + HttpDriver.form("domain", TestRouter.DOMAIN, "ticket", alice, "cursor", "0");
      calls.add(other.sendAsync("GET", poll, null, null).thenAccept(r -> assertStatus(503, api.check("GET", "/packets", r))));
      calls.add(other.sendAsync("GET", poll + "&callback=cb", null, null).thenAccept(r -> {
        api.check("GET", "/packets", r);
        assertTrue(r.body().startsWith("cb({\"status\":\"unavailable\""), r.body());
      }));
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertStatus(401, api.check("GET", "/metrics", other.get("/metrics")));
      assertStatus(200, api.check("GET", "/metrics", other.send("GET", "/metrics", null, null, "Authorization", "Bearer s3cret")));
      routers.get(0).drain(5_000, 1_000).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertStatus(503, api.check("GET", "/health/ready", first.get("/health/ready")));
    }
  }

  /** An admin API call with the token, checked as {@code method template}; {@code body} null: none. */
  private ApiReply admin(String method, String template, String path, String body, String... headers) {
    String[] h = headers.length == 0 ? ADMIN : headers;
    return api.check(method, template, http.send(method, path, body == null ? null : JSON, body, h));
  }

  private ApiReply admin(String method, String template, String body) {
    return admin(method, template, template, body);
  }

  /**
   * Every admin operation for its success and each of its errors: a tenant created, listed, shown, its
   * key rotated (with and without a body), its limits set, disabled, enabled and deleted; the nodes and
   * the counters; 400 for bad fields, 404 for a domain that is not there, 409 for one that is, 413 for a
   * body over 16 KiB; then for every operation 401 without the token and with a wrong one, 405 for
   * another method, and 404 on a router whose admin API is off.
   */
  @Test
  @Order(5)
  void everyAdminCallAndItsErrors() {
    String domains = "/admin/api/domains";
    String one = domains + "/{domain}";
    String d = "admin-openapi.example";
    String at = domains + "/" + d;
    JsonObject created = new JsonObject(admin("POST", domains, domains, new JsonObject().put("domain", d)
        .put("limits", new JsonObject().put("max_users_online", 50)).encode()).body());
    assertEquals(d, created.getString("domain"), created.encode());
    String apikey = created.getString("apikey");
    String[] key = {"domain", d, "apikey", apikey};
    assertStatus(200, api.check("POST", "/presences/online", http.post("/presences/online", with(key, "name", "ann", "nick", "Ann"))));
    assertStatus(409, admin("POST", domains, domains, new JsonObject().put("domain", d).encode()));
    assertParam("domain", admin("POST", domains, domains, new JsonObject().put("domain", "has space").encode()));
    assertParam("colour", admin("POST", domains, domains, new JsonObject().put("domain", "x.example").put("colour", "red").encode()));
    assertParam("body", admin("POST", domains, domains, "{not json"));
    assertStatus(413, admin("POST", domains, domains, new JsonObject().put("domain", "a".repeat(20_000)).encode()));

    JsonObject listed = new JsonObject(admin("GET", domains, null).body());
    assertTrue(listed.getJsonArray("domains").stream().map(JsonObject.class::cast)
        .anyMatch(t -> d.equals(t.getString("domain")) && t.getLong("online") == 1), listed.encode());
    assertEquals(1, new JsonObject(admin("GET", one, at, null).body()).getLong("online"));
    assertStatus(404, admin("GET", one, domains + "/nobody.example", null));

    String rotate = one + "/rotate";
    JsonObject rotated = new JsonObject(admin("POST", rotate, at + "/rotate", new JsonObject().put("overlap_seconds", 0).encode()).body());
    assertTrue(rotated.getValue("previous_valid_until") == null && !apikey.equals(rotated.getString("apikey")), rotated.encode());
    assertStatus(200, admin("POST", rotate, at + "/rotate", null));
    assertParam("overlap_seconds", admin("POST", rotate, at + "/rotate", new JsonObject().put("overlap_seconds", -5).encode()));
    assertStatus(413, admin("POST", rotate, at + "/rotate", "{\"overlap_seconds\":" + " ".repeat(17_000) + "1}"));
    assertStatus(404, admin("POST", rotate, domains + "/nobody.example/rotate", null));

    String limits = one + "/limits";
    JsonObject limited = new JsonObject(admin("PUT", limits, at + "/limits",
        new JsonObject().put("messages_per_second", 5).putNull("max_users_online").encode()).body());
    assertEquals(5, limited.getJsonObject("limits").getInteger("messages_per_second"), limited.encode());
    assertParam("speed", admin("PUT", limits, at + "/limits", new JsonObject().put("speed", 3).encode()));
    assertParam("max_users_online", admin("PUT", limits, at + "/limits", new JsonObject().put("max_users_online", 1.5).encode()));
    assertStatus(413, admin("PUT", limits, at + "/limits", "{\"speed\":\"" + "x".repeat(17_000) + "\"}"));
    assertStatus(404, admin("PUT", limits, domains + "/nobody.example/limits", "{}"));

    assertEquals(false, new JsonObject(admin("POST", one + "/disable", at + "/disable", null).body()).getBoolean("enabled"));
    assertStatus(404, admin("POST", one + "/disable", domains + "/nobody.example/disable", null));
    assertEquals(true, new JsonObject(admin("POST", one + "/enable", at + "/enable", null).body()).getBoolean("enabled"));
    assertStatus(404, admin("POST", one + "/enable", domains + "/nobody.example/enable", null));

    String user = one + "/users/{name}";
    JsonObject ann = new JsonObject(admin("GET", user, at + "/users/ann", null).body());
    assertEquals(1, ann.getJsonArray("nodes").getJsonObject(0).getInteger("pages"), ann.encode());
    assertEquals(0, new JsonObject(admin("GET", user, at + "/users/nobody", null).body()).getJsonArray("nodes")
        .getJsonObject(0).getInteger("pages"));
    assertStatus(404, admin("GET", user, domains + "/nobody.example/users/ann", null));

    JsonObject nodes = new JsonObject(admin("GET", "/admin/api/nodes", null).body());
    assertEquals(true, nodes.getJsonArray("nodes").getJsonObject(0).getBoolean("reachable"), nodes.encode());
    JsonObject stats = new JsonObject(admin("GET", "/admin/api/stats", null).body());
    assertTrue(stats.getJsonArray("nodes").getJsonObject(0).getJsonObject("domains").containsKey(d), stats.encode());

    ApiReply deleted = admin("DELETE", one, at, null);
    assertStatus(204, deleted);
    assertStatus(404, admin("DELETE", one, at, null));
    assertStatus(401, api.check("GET", "/onlines", http.get("/onlines", with(key, "names", "ann"))));

    HttpDriver off = driver(deploy(TestRouter.defaults()));
    for (ApiDocument.Operation op : api.document().operations()) {
      if (!op.path().startsWith("/admin/api/")) {
        continue;
      }
      String path = op.path().replace("{domain}", TestRouter.DOMAIN).replace("{name}", "ann");
      String body = op.method().equals("GET") || op.method().equals("DELETE") ? null : "{}";
      for (String[] wrong : new String[][] {{"X-No-Token", "1"}, {"Authorization", "Bearer " + ADMIN_TOKEN + "x"}}) {
        ApiReply refused = admin(op.method(), op.path(), path, body, wrong);
        assertStatus(401, refused);
        assertTrue(refused.header("WWW-Authenticate").orElse("").startsWith("Bearer"), refused.toString());
      }
      assertStatus(405, api.check(op.method(), op.path(), http.send("PATCH", path, JSON, "{}", ADMIN)));
      assertStatus(404, api.check(op.method(), op.path(), off.send(op.method(), path, body == null ? null : JSON, body, ADMIN)));
    }
  }

  /** Every call of a tenant the operator disabled answers 403 {@code domain_disabled}, a poll too (JSON, also for JSONP). */
  @Test
  @Order(6)
  void aDisabledDomainIsRefused403OnEveryCall() {
    String d = "disabled-openapi.example";
    String apikey = new JsonObject(admin("POST", "/admin/api/domains", new JsonObject().put("domain", d).encode()).body())
        .getString("apikey");
    String[] key = {"domain", d, "apikey", apikey};
    ApiReply login = api.check("POST", "/presences/online", http.post("/presences/online", with(key, "name", "dee", "nick", "Dee", "rooms", "r1")));
    String ticket = new JsonObject(login.body()).getString("ticket");
    admin("POST", "/admin/api/domains/{domain}/disable", "/admin/api/domains/" + d + "/disable", null);
    String[] t = {"ticket", ticket};
    Map<String, String[]> posts = Map.of(
        "/presences/online", new String[] {"name", "dee", "nick", "Dee"},
        "/presences/offline", t,
        "/presences/show", with(t, "show", "away"),
        "/statuses", with(t, "to", "bob", "show", "typing"),
        "/messages", with(t, "to", "bob", "body", "hi"),
        "/room/join", with(t, "room", "r2"),
        "/room/leave", with(t, "room", "r1"));
    posts.forEach((path, params) -> assertDisabled(api.check("POST", path, http.post(path, with(key, params)))));
    assertDisabled(api.check("GET", "/onlines", http.get("/onlines", with(key, "names", "dee"))));
    assertDisabled(api.check("GET", "/room/members", http.get("/room/members", with(key, "room", "r1"))));
    assertDisabled(api.check("GET", "/packets", http.get("/packets", "domain", d, "ticket", ticket)));
    assertDisabled(api.check("GET", "/packets", http.get("/packets", "domain", d, "ticket", ticket, "callback", "cb")));
  }

  private void assertDisabled(ApiReply reply) {
    assertStatus(403, reply);
    assertEquals("domain_disabled", new JsonObject(reply.body()).getString("error"), reply.toString());
  }

  @Test
  @Order(100)
  void everyDocumentedReplyWasProduced() throws Exception {
    JsonObject adminPart;
    try (var in = getClass().getClassLoader().getResourceAsStream(ApiDescription.ADMIN)) {
      adminPart = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    assertTrue(api.document().paths().containsAll(adminPart.getJsonObject("paths").fieldNames()),
        "the document under test has the admin API's operations, so their coverage is checked too");
    api.assertEveryReplyProduced();
  }

  @Test
  @Order(101)
  void theDocumentDescribesEveryPathTheRouterServesAndNoOther() {
    api.assertDescribesExactly(plain.servedPaths());
  }

  @Test
  @Order(102)
  void theReferencePageIsTheRenderingOfTheDocument() {
    MarkdownReference.verify(ApiDocument.of(ApiDescription.load().document()), Path.of("../docs/api/router.md"),
        "im-router/src/main/resources/" + ApiDescription.ROUTER);
  }
}
