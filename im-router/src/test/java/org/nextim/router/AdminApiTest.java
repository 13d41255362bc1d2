package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.AdminClient;
import org.nextim.router.testing.HeldPoll;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertJsonError;
import static org.nextim.router.testing.RouterAssertions.assertOk;
import static org.nextim.router.testing.RouterAssertions.assertPollInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertUnauthorized;
import static org.nextim.router.testing.RouterAssertions.awaitUnauthorized;

/**
 * The admin API ({@code /admin/api/*}) over real HTTP: off without a token, the bearer token, each
 * operation and what it does to the tenant's REST calls and polls, and bad input answered 4xx JSON. Runs
 * on one node and (with {@code router.test.cluster}) on the shared cluster, where the tenants outlive a
 * test: every test makes domains of its own and leaves the seeded ones alone.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class AdminApiTest {

  static final String TOKEN = "admin-token-for-tests-0123456789";

  private static TestRouter start(Vertx vertx) {
    return TestRouter.start(vertx, TestRouter.defaults().setAdminToken(TOKEN));
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
  }

  private static RestClient tenant(TestRouter router, String domain, String apikey) {
    return router.rest().as(domain, apikey);
  }

  @Test
  void withoutATokenTheAdminPathsAreNotThere(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    assertJsonError(404, "not_found", admin.get("/admin/api/domains"));
    assertJsonError(404, "not_found", admin.get("/admin/"));
    assertJsonError(404, "not_found", admin.post("/admin/api/domains", new JsonObject().put("domain", "x.example")));
  }

  @Test
  void aWrongOrMissingTokenIs401Json(Vertx vertx) {
    TestRouter router = start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    for (AdminClient wrong : new AdminClient[]{admin.withToken(null), admin.withToken(TOKEN + "x"),
        admin.withToken(TOKEN.substring(0, TOKEN.length() - 1)), admin.withToken("x"), admin.withToken("")}) {
      Reply r = wrong.get("/admin/api/domains");
      assertJsonError(401, "authentication_failed", r);
      assertTrue(r.header("WWW-Authenticate").orElse("").startsWith("Bearer"), r::toString);
    }
    Reply basic = new RestClient(router.baseUrl(), null, null).send(new RestClient(router.baseUrl(), null, null)
        .request("/admin/api/domains").header("Authorization", "Basic " + TOKEN).GET());
    assertJsonError(401, "authentication_failed", basic);
    assertEquals(200, admin.get("/admin/api/domains").status());
    // The console's files need no token (they hold no data); the page asks for it.
    Reply page = admin.withToken(null).get("/admin/");
    assertEquals(200, page.status(), page::toString);
    assertTrue(page.contentType().startsWith("text/html"), page::toString);
    assertTrue(page.header("Content-Security-Policy").orElse("").contains("default-src 'none'"), page::toString);
  }

  @Test
  void aCreatedDomainServesWithItsKeyAndIsListedWithItsUsage(Vertx vertx) {
    TestRouter router = start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    String domain = unique("created");
    Reply created = admin.post("/admin/api/domains", new JsonObject().put("domain", domain)
        .put("limits", new JsonObject().put("max_users_online", 50)));
    JsonObject c = assertJson(201, created);
    assertEquals(domain, c.getString("domain"));
    String key = c.getString("apikey");
    assertTrue(key.matches("[A-Za-z0-9_-]{32}"), "a 192-bit URL-safe key: " + key);
    assertEquals(true, c.getBoolean("enabled"));
    assertEquals(50, c.getJsonObject("limits").getInteger("max_users_online"));
    assertNull(c.getJsonObject("limits").getValue("messages_per_second"), "the default");
    assertTrue(Math.abs(c.getLong("created") - System.currentTimeMillis()) < 60_000, c::encode);

    RestClient site = tenant(router, domain, key);
    Page alice = site.login("alice", "buddies", "bob");
    Page bob = site.login("bob", "buddies", "alice");
    assertOk(bob.rest().post("/messages", "ticket", bob.ticket(), "to", "alice", "body", "hello"));
    assertTrue(alice.awaitMessage("hello", 5000).hasBody("hello"));
    assertUnauthorized(tenant(router, domain, key + "x").get("/onlines", "names", "alice"));
    assertUnauthorized(tenant(router, TestRouter.DOMAIN, key).get("/onlines", "names", "alice"));

    JsonObject listed = find(assertJson(200, admin.get("/admin/api/domains")).getJsonArray("domains"), domain);
    assertEquals(2, listed.getLong("online"), listed::encode);
    assertEquals(1, listed.getLong("messages_today"), listed::encode);
    assertFalse(listed.containsKey("apikey"), "a key is shown once, at creation");
    assertFalse(listed.encode().contains("sha256"), "nor its digest");
    JsonObject one = assertJson(200, admin.get("/admin/api/domains/" + domain));
    assertEquals(2, one.getLong("online"));
    assertEquals(true, one.getBoolean("enabled"));

    assertJsonError(409, "exists", admin.post("/admin/api/domains", new JsonObject().put("domain", domain)));
    assertJsonError(409, "exists", admin.post("/admin/api/domains", new JsonObject().put("domain", TestRouter.DOMAIN)));
  }

  private static JsonObject find(JsonArray domains, String domain) {
    for (int i = 0; i < domains.size(); i++) {
      if (domain.equals(domains.getJsonObject(i).getString("domain"))) {
        return domains.getJsonObject(i);
      }
    }
    throw new AssertionError(domain + " not listed in " + domains.encode());
  }

  @Test
  void badInputIs4xxJsonNamingTheProblem(Vertx vertx) {
    TestRouter router = start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    String path = "/admin/api/domains";
    assertParam(400, "domain", admin.post(path, new JsonObject()));
    assertParam(400, "domain", admin.post(path, new JsonObject().put("domain", "")));
    assertParam(400, "domain", admin.post(path, new JsonObject().put("domain", "has space")));
    assertParam(400, "domain", admin.post(path, new JsonObject().put("domain", "-dash.first")));
    assertParam(400, "domain", admin.post(path, new JsonObject().put("domain", "a".repeat(254))));
    assertParam(400, "domain", admin.post(path, new JsonObject().put("domain", "<script>")));
    assertParam(400, "domain", admin.post(path, new JsonObject().put("domain", 42)));
    assertParam(400, "colour", admin.post(path, new JsonObject().put("domain", unique("x")).put("colour", "red")));
    assertParam(400, "limits", admin.post(path, new JsonObject().put("domain", unique("x")).put("limits", 5)));
    assertParam(400, "messages_per_second", admin.post(path, new JsonObject().put("domain", unique("x"))
        .put("limits", new JsonObject().put("messages_per_second", -1))));
    assertParam(400, "max_users_online", admin.post(path, new JsonObject().put("domain", unique("x"))
        .put("limits", new JsonObject().put("max_users_online", "many"))));
    assertParam(400, "max_users_online", admin.post(path, new JsonObject().put("domain", unique("x"))
        .put("limits", new JsonObject().put("max_users_online", 1.5))));
    assertParam(400, "body", admin.send("POST", path, "{not json"));
    assertParam(400, "body", admin.send("POST", path, "[1,2]"));
    assertParam(400, "body", admin.send("POST", path, ""));
    assertJsonError(413, "too_large", admin.send("POST", path, "{\"domain\":\"" + "a".repeat(20_000) + "\"}"));
    String huge = "{\"domain\":\"" + "a".repeat(4_000_000) + "\"}";
    for (int i = 0; i < 10; i++) { // a client still sending megabytes reads the 413, not a reset connection
      assertJsonError(413, "too_large", admin.send("POST", path, huge));
    }

    String domain = admin.create(unique("bad")).getString("domain");
    assertParam(400, "overlap_seconds", admin.post(path + "/" + domain + "/rotate", new JsonObject().put("overlap_seconds", -5)));
    assertParam(400, "overlap_seconds", admin.post(path + "/" + domain + "/rotate", new JsonObject().put("overlap_seconds", "soon")));
    assertParam(400, "speed", admin.put(path + "/" + domain + "/limits", new JsonObject().put("speed", 3)));
    assertJsonError(404, "not_found", admin.get(path + "/nobody.example"));
    assertJsonError(404, "not_found", admin.delete(path + "/nobody.example"));
    assertJsonError(404, "not_found", admin.post(path + "/nobody.example/rotate", null));
    assertJsonError(404, "not_found", admin.put(path + "/nobody.example/limits", new JsonObject()));
    assertJsonError(404, "not_found", admin.post(path + "/nobody.example/disable", null));
    assertJsonError(404, "not_found", admin.get("/admin/api/tenants"));
    assertJsonError(404, "not_found", admin.get(path + "/" + domain + "/keys"));
    assertJsonError(404, "not_found", admin.get("/admin/nothing.js"));
    assertJsonError(405, "method_not_allowed", admin.send("PATCH", path, "{}"));
    assertJsonError(405, "method_not_allowed", admin.get(path + "/" + domain + "/rotate"));
    assertJsonError(405, "method_not_allowed", admin.post(path + "/" + domain + "/limits", new JsonObject()));
    assertJsonError(405, "method_not_allowed", admin.delete("/admin/api/nodes"));
  }

  private static void assertParam(int status, String param, Reply r) {
    JsonObject json = assertJson(status, r);
    assertTrue(json.getString("error").endsWith("_parameter"), r::toString);
    assertEquals(param, json.getString("param"), r::toString);
  }

  @Test
  void aRotatedKeyReplacesTheOldOneWhichLastsTheOverlap(Vertx vertx) {
    TestRouter router = start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    String domain = unique("rotated");
    String first = admin.create(domain).getString("apikey");

    JsonObject r = admin.rotate(domain, 1);
    String second = r.getString("apikey");
    assertNotEquals(first, second);
    long until = r.getLong("previous_valid_until");
    assertTrue(until > System.currentTimeMillis() - 1000 && until <= System.currentTimeMillis() + 1500, r::encode);
    assertEquals(200, tenant(router, domain, second).get("/onlines", "names", "x").status());
    // Within the overlap both work; then only the new one.
    Reply old = tenant(router, domain, first).get("/onlines", "names", "x");
    if (System.currentTimeMillis() < until) {
      assertEquals(200, old.status(), old::toString);
    }
    awaitUnauthorized(tenant(router, domain, first), until + 5000);
    assertEquals(200, tenant(router, domain, second).get("/onlines", "names", "x").status());

    // No overlap: the old key stops at once.
    JsonObject third = admin.rotate(domain, 0);
    assertNull(third.getValue("previous_valid_until"));
    assertUnauthorized(tenant(router, domain, second).get("/onlines", "names", "x"));
    assertEquals(200, tenant(router, domain, third.getString("apikey")).get("/onlines", "names", "x").status());

    // Without a body: the default overlap (ROUTER_KEY_OVERLAP_S, 3600 s).
    Reply dflt = admin.post("/admin/api/domains/" + domain + "/rotate", null);
    long untilDefault = assertJson(200, dflt).getLong("previous_valid_until");
    assertTrue(Math.abs(untilDefault - (System.currentTimeMillis() + 3_600_000)) < 60_000, dflt::toString);
    assertEquals(200, tenant(router, domain, third.getString("apikey")).get("/onlines", "names", "x").status());
  }

  @Test
  void aDomainsLimitsOverrideTheDefaults(Vertx vertx) {
    TestRouter router = start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    String domain = unique("limited");
    String key = admin.create(domain).getString("apikey");
    Reply set = admin.put("/admin/api/domains/" + domain + "/limits",
        new JsonObject().put("max_users_online", 1).put("messages_per_second", 1));
    JsonObject limits = assertJson(200, set).getJsonObject("limits");
    assertEquals(1, limits.getInteger("max_users_online"));
    assertEquals(1, limits.getInteger("messages_per_second"));

    RestClient site = tenant(router, domain, key);
    Page alice = site.login("alice");
    Reply second = site.post("/presences/online", "name", "bob", "nick", "Bob");
    if (TestRouter.clusterNodes() == 0) {
      LimitsTest.assertRateLimited(second); // per node: on a cluster bob may live on the other node
    }
    assertOk(alice.rest().post("/messages", "ticket", alice.ticket(), "to", "alice", "body", "one"));
    LimitsTest.assertRateLimited(alice.rest().post("/messages", "ticket", alice.ticket(), "to", "alice", "body", "two"));

    // Back to the defaults (none in the test router): both pass.
    Reply reset = admin.put("/admin/api/domains/" + domain + "/limits",
        new JsonObject().putNull("max_users_online").putNull("messages_per_second"));
    assertNull(assertJson(200, reset).getJsonObject("limits").getValue("max_users_online"));
    assertEquals(200, site.post("/presences/online", "name", "carol", "nick", "Carol").status());
    for (int i = 0; i < 5; i++) {
      assertOk(alice.rest().post("/messages", "ticket", alice.ticket(), "to", "alice", "body", "m" + i));
    }
  }


  @Test
  void aDisabledDomainIsRefused403UntilEnabled(Vertx vertx) {
    TestRouter router = start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    String domain = unique("disabled");
    String key = admin.create(domain).getString("apikey");
    RestClient site = tenant(router, domain, key);
    Page alice = site.login("alice");
    alice.poll();
    HeldPoll held = alice.hold();

    JsonObject off = assertJson(200, admin.post("/admin/api/domains/" + domain + "/disable", null));
    assertEquals(false, off.getBoolean("enabled"));
    assertEquals(200, held.awaitRaw().httpStatus(), "a held poll is answered when its domain is disabled");
    assertJsonError(403, "domain_disabled", site.get("/onlines", "names", "alice"));
    assertJsonError(403, "domain_disabled", site.post("/presences/online", "name", "bob", "nick", "Bob"));
    assertJsonError(403, "domain_disabled", alice.pollRaw(alice.cursor(), null).http());
    assertJsonError(403, "domain_disabled", alice.pollRaw(alice.cursor(), "cb").http());
    assertUnauthorized(tenant(router, domain, key + "x").get("/onlines", "names", "alice"));
    assertEquals(false, assertJson(200, admin.get("/admin/api/domains/" + domain)).getBoolean("enabled"));

    assertEquals(true, assertJson(200, admin.post("/admin/api/domains/" + domain + "/enable", null)).getBoolean("enabled"));
    assertEquals("alice", site.get("/onlines", "names", "alice").body());
    assertEquals(200, alice.poll().httpStatus());
  }

  @Test
  void aDeletedDomainsUsersAreLoggedOutAndItIsForgotten(Vertx vertx) {
    TestRouter router = start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    String domain = unique("deleted");
    String key = admin.create(domain).getString("apikey");
    RestClient site = tenant(router, domain, key);
    Page alice = site.login("alice");
    alice.poll();
    HeldPoll held = alice.hold();

    Reply deleted = admin.delete("/admin/api/domains/" + domain);
    assertEquals(204, deleted.status(), deleted::toString);
    assertEquals("", deleted.body());
    assertPollInvalidTicket(held.awaitRaw().http());
    assertUnauthorized(site.get("/onlines", "names", "alice"));
    assertJsonError(404, "not_found", admin.get("/admin/api/domains/" + domain));
    assertJsonError(404, "not_found", admin.delete("/admin/api/domains/" + domain));
    JsonArray all = assertJson(200, admin.get("/admin/api/domains")).getJsonArray("domains");
    assertFalse(all.encode().contains("\"" + domain + "\""), all::encode);

    // The name is free again: a new tenant, with a new key; the old key opens nothing.
    String again = admin.create(domain).getString("apikey");
    assertUnauthorized(site.get("/onlines", "names", "alice"));
    assertEquals("", tenant(router, domain, again).get("/onlines", "names", "alice").body());
  }

  @Test
  void nodesAndStatsShowTheLoadAndTheCounters(Vertx vertx) {
    TestRouter router = start(vertx);
    AdminClient admin = new AdminClient(router.baseUrl(), TOKEN);
    String domain = unique("stats");
    RestClient site = tenant(router, domain, admin.create(domain).getString("apikey"));
    Page alice = site.login("alice");
    Page bob = site.login("bob");
    assertOk(bob.rest().post("/messages", "ticket", bob.ticket(), "to", "alice", "body", "hi"));
    alice.awaitMessage("hi", 5000);

    int nodes = Math.max(1, TestRouter.clusterNodes());
    JsonArray list = assertJson(200, admin.get("/admin/api/nodes")).getJsonArray("nodes");
    assertEquals(nodes, list.size(), list::encode);
    long users = 0;
    for (int i = 0; i < list.size(); i++) {
      JsonObject n = list.getJsonObject(i);
      assertEquals(true, n.getBoolean("reachable"), n::encode);
      assertTrue(n.containsKey("pages") && n.containsKey("polls_held") && n.containsKey("messages_per_second")
          && n.containsKey("deliveries_per_second"), n::encode);
      users += n.getLong("users");
    }
    assertTrue(users >= 2, list::encode);

    JsonObject stats = assertJson(200, admin.get("/admin/api/stats"));
    long messages = 0;
    long delivered = 0;
    for (Object o : stats.getJsonArray("nodes")) {
      JsonObject d = ((JsonObject) o).getJsonObject("domains").getJsonObject(domain);
      messages += d.getJsonObject("messages").getLong("unicast");
      delivered += d.getLong("delivered");
      assertEquals(0, d.getLong("no_page"), d::encode);
    }
    assertEquals(1, messages, stats::encode);
    assertTrue(delivered >= 1, stats::encode);
  }

  @Test
  void theOpenApiFragmentDescribesEveryAdminCall() throws Exception {
    JsonObject doc;
    try (var in = AdminApiTest.class.getClassLoader().getResourceAsStream("openapi/admin-paths.json")) {
      doc = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    JsonObject paths = doc.getJsonObject("paths");
    java.util.Map<String, java.util.List<String>> served = java.util.Map.of(
        "/admin/api/domains", java.util.List.of("get", "post"),
        "/admin/api/domains/{domain}", java.util.List.of("get", "delete"),
        "/admin/api/domains/{domain}/rotate", java.util.List.of("post"),
        "/admin/api/domains/{domain}/limits", java.util.List.of("put"),
        "/admin/api/domains/{domain}/disable", java.util.List.of("post"),
        "/admin/api/domains/{domain}/enable", java.util.List.of("post"),
        "/admin/api/domains/{domain}/users/{name}", java.util.List.of("get"),
        "/admin/api/nodes", java.util.List.of("get"),
        "/admin/api/stats", java.util.List.of("get"));
    assertEquals(served.keySet(), paths.fieldNames());
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    served.forEach((path, methods) -> {
      assertEquals(new java.util.HashSet<>(methods), paths.getJsonObject(path).fieldNames(), path);
      for (String m : methods) {
        JsonObject op = paths.getJsonObject(path).getJsonObject(m);
        assertTrue(op.getJsonObject("responses").containsKey("401"), path + " " + m);
        for (String ref : java.util.regex.Pattern.compile("#/components/schemas/(\\w+)").matcher(op.encode())
            .results().map(r -> r.group(1)).toList()) {
          assertTrue(schemas.containsKey(ref), path + " " + m + " refers to a missing schema " + ref);
        }
      }
    });
  }
}
