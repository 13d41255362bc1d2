package org.nextim.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The router's operator disables this site's tenant: the browser hears that the site's chat is
 * disabled (403 {@code domain_disabled}), not that it is "not a member of this room"; enabled again,
 * the chat works.
 */
class DisabledSiteTest {

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
  void aDisabledTenantIsSaidSoAndAnEnabledOneChatsAgain() {
    Page alice = site.online("alice");
    site.online("bob");
    TestSite.await(site.router().tenants().setEnabled("localhost", false));
    Reply refused = alice.post("message", "to", "bob", "body", "hello?");
    assertEquals(403, refused.status(), refused.toString());
    assertEquals("domain_disabled", refused.json().getString("error"), refused.toString());

    TestSite.await(site.router().tenants().setEnabled("localhost", true));
    Page again = site.online("alice");
    assertEquals(200, again.post("message", "to", "bob", "body", "hello").status());
  }
}
