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
 * The router's OpenAPI document ({@value ApiDescription#ROUTER}) against real replies: every operation
 * is called on real routers (one plain, one with tight rate limits, a 2-node cluster with a stalled
 * node for the 503s) for its success and each documented error, and each reply is checked against the
 * document (status, content type, body schema, required headers). The last tests fail for a documented
 * reply no test produced and for a path the router serves that the document lacks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class RouterOpenApiTest {

  private static final String[] KEY = {"domain", TestRouter.DOMAIN, "apikey", TestRouter.APIKEY};
  private static final String[] BAD_KEY = {"domain", TestRouter.DOMAIN, "apikey", "wrong"};
  /** Over the test routers' 4,096-byte body limit. */
  private static final String HUGE = "x".repeat(5_000);

  private final ApiConformance api = ApiConformance.of(ApiDocument.fromResource(ApiDescription.ROUTER));
  private final Vertx vertx = Vertx.vertx();
  private RouterVerticle plain;
  private HttpDriver http;

  @BeforeAll
  void start() {
    plain = deploy(TestRouter.defaults().setIdleTimeoutMs(60_000));
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
    assertStatus(400, post(http, "/statuses", "ticket", alice, "to", "bob"));
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
      routers.get(0).drain(5_000).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertStatus(503, api.check("GET", "/health/ready", first.get("/health/ready")));
    }
  }

  @Test
  @Order(100)
  void everyDocumentedReplyWasProduced() {
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
