package org.nextim.router.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.AdminClient;
import org.nextim.router.testing.HeldPoll;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertJsonError;
import static org.nextim.router.testing.RouterAssertions.assertOk;
import static org.nextim.router.testing.RouterAssertions.assertPollInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertUnauthorized;
import static org.nextim.router.testing.RouterAssertions.awaitUnauthorized;

/**
 * Tenants on a real 2-node cluster: a tenant made through the admin API of node A serves at once on node
 * B (a user of it logs in there and gets a message), a key rotated on B keeps the old one valid on both
 * nodes for the overlap and not after, and disabling or deleting on one node holds on the other.
 */
@Timeout(90)
class ClusterTenantsTest {

  private static final String TOKEN = "cluster-admin-token-0123456789";
  private static TestCluster cluster;
  private static List<RouterVerticle> routers;
  private static AdminClient adminA;
  private static AdminClient adminB;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2);
    routers = cluster.deploy(TestRouter.defaults().setAdminToken(TOKEN));
    adminA = new AdminClient(url(0), TOKEN);
    adminB = new AdminClient(url(1), TOKEN);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String url(int node) {
    return "http://127.0.0.1:" + routers.get(node).actualPort();
  }

  private static RestClient site(int node, String domain, String key) {
    return new RestClient(url(node), domain, key);
  }

  /** A user of {@code domain} whose home is {@code node} (a new user's login lands where it arrives). */
  private static Page homedAt(int node, String domain, String key, String prefix, String... params) {
    return TestCluster.homedAt(routers, site(node, domain, key), node, prefix, params);
  }

  @Test
  void aTenantCreatedOnOneNodeLogsInAndDeliversThroughTheOther() {
    JsonObject created = adminA.create("saas.example");
    String key = created.getString("apikey");
    // No wait: the admin API answered once every live node had the tenant.
    Page bob = homedAt(1, "saas.example", key, "bob");
    Page alice = homedAt(0, "saas.example", key, "alice");
    Reply sent = bob.rest().post("/messages", "ticket", bob.ticket(), "to", alice.user(), "body", "across", "ack", "1");
    assertEquals(1, assertJson(200, sent).getInteger("delivered"), sent::toString);
    assertTrue(alice.via(site(1, "saas.example", key)).awaitMessage("across", 5000).hasBody("across"));

    JsonObject listed = null;
    JsonArray domains = assertJson(200, adminB.get("/admin/api/domains")).getJsonArray("domains");
    for (int i = 0; i < domains.size(); i++) {
      if ("saas.example".equals(domains.getJsonObject(i).getString("domain"))) {
        listed = domains.getJsonObject(i);
      }
    }
    assertTrue(listed != null, domains::encode);
    assertEquals(2, listed.getLong("online"), "users of both nodes: " + listed.encode());
    assertEquals(1, listed.getLong("messages_today"), listed::encode);

    JsonArray nodes = assertJson(200, adminA.get("/admin/api/nodes")).getJsonArray("nodes");
    assertEquals(2, nodes.size(), nodes::encode);
    for (Object n : nodes) {
      assertEquals(true, ((JsonObject) n).getBoolean("reachable"), nodes::encode);
      assertEquals(1, ((JsonObject) n).getLong("users"), nodes::encode);
    }

    // Where is alice? Her home in the directory, her page on node 0, none on node 1; asked of node 1.
    JsonObject where = assertJson(200, adminB.get("/admin/api/domains/saas.example/users/" + alice.user()));
    String home = where.getJsonObject("home").getString("node");
    assertEquals(routers.get(0).cluster().id(), home, where::encode);
    JsonArray views = where.getJsonArray("nodes");
    assertEquals(2, views.size(), where::encode);
    for (int i = 0; i < 2; i++) {
      JsonObject view = views.getJsonObject(i);
      assertEquals(view.getString("node").equals(home) ? 1 : 0, view.getInteger("pages"), where::encode);
    }
    assertEquals(false, where.getBoolean("partial"), where::encode);
  }

  @Test
  void aKeyRotatedOnOneNodeKeepsTheOldOneForTheOverlapOnBoth() {
    String first = adminA.create("rotating.example").getString("apikey");
    JsonObject rotated = adminB.rotate("rotating.example", 2);
    String second = rotated.getString("apikey");
    long until = rotated.getLong("previous_valid_until");
    for (int node = 0; node < 2; node++) {
      assertEquals(200, site(node, "rotating.example", second).get("/onlines", "names", "x").status());
      Reply old = site(node, "rotating.example", first).get("/onlines", "names", "x");
      if (System.currentTimeMillis() < until - 200) {
        assertEquals(200, old.status(), "within the overlap on node " + node + ": " + old);
      }
    }
    for (int node = 0; node < 2; node++) {
      awaitUnauthorized(site(node, "rotating.example", first), until + 5_000);
      assertEquals(200, site(node, "rotating.example", second).get("/onlines", "names", "x").status());
    }
  }

  @Test
  void disablingAndDeletingOnOneNodeHoldOnTheOther() {
    String key = adminA.create("short-lived.example").getString("apikey");
    Page carol = homedAt(0, "short-lived.example", key, "carol");
    carol.poll();

    assertEquals(200, adminB.post("/admin/api/domains/short-lived.example/disable", null).status());
    assertJsonError(403, "domain_disabled", site(0, "short-lived.example", key).get("/onlines", "names", "x"));
    assertJsonError(403, "domain_disabled", carol.pollRaw(carol.cursor(), null).http());
    assertEquals(200, adminB.post("/admin/api/domains/short-lived.example/enable", null).status());
    assertOk(site(0, "short-lived.example", key).post("/presences/show", "ticket", carol.ticket(), "show", "away"));

    carol.poll();
    HeldPoll held = carol.hold();
    assertEquals(204, adminB.delete("/admin/api/domains/short-lived.example").status());
    assertPollInvalidTicket(held.awaitRaw().http());
    assertUnauthorized(site(0, "short-lived.example", key).get("/onlines", "names", "x"));
    assertJsonError(404, "not_found", adminA.get("/admin/api/domains/short-lived.example"));
    assertJsonError(409, "exists", adminB.post("/admin/api/domains", new JsonObject().put("domain", TestRouter.DOMAIN)));
  }

}
