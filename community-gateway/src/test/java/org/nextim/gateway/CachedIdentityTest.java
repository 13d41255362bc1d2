package org.nextim.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gateway remembers users and ticket owners between a page's calls; what the site changes and
 * the pages that end are seen at once all the same.
 */
class CachedIdentityTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  @Test
  void theSiteMakingAUserAdminOrNotTakesEffectWithoutANewPageLoad() {
    Page bob = site.online("bob");
    assertEquals(403, bob.post("message", "type", "broadcast", "body", "may I?").status());
    assertEquals(200, site.site("PUT", "/site/users/bob", new JsonObject().put("nick", "Bob").put("admin", true)).status());
    bob.ok("message", "type", "broadcast", "body", "now I may");
    assertEquals(200, site.site("PUT", "/site/users/bob", new JsonObject().put("nick", "Bob").put("admin", false)).status());
    assertEquals(403, bob.post("message", "type", "broadcast", "body", "not any more").status());
  }

  @Test
  void anEndedPageTicketIsRefusedAtOnce() {
    Page carol = site.online("carol");
    carol.ok("presence", "show", "away");
    carol.ok("refresh");
    Reply r = carol.post("presence", "show", "available");
    assertEquals(403, r.status(), r.toString());
    assertEquals("not_your_ticket", r.json().getString("error"));

    Page dave = site.online("dave");
    Page dave2 = site.online("dave");
    dave.ok("presence", "show", "away");
    dave2.ok("offline");
    assertEquals(403, dave.post("presence", "show", "available").status());
  }
}
