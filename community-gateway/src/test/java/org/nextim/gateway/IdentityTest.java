package org.nextim.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Jwt;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 3.1 identity: HS256 tokens by bearer header or cookie; everything else is 401. */
class IdentityTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), false);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  private static Reply buddies(String... headers) {
    return site.request("GET", "/webim/buddies", null, headers);
  }

  private static void assert401(Reply r) {
    assertEquals(401, r.status(), r.toString());
    assertEquals("unauthorized", r.json().getString("error"));
  }

  @Test
  void noTokenIs401() {
    assert401(buddies());
    assert401(buddies("Authorization", "Bearer "));
    assert401(buddies("Authorization", "Basic YWxpY2U6eA=="));
  }

  @Test
  void aBadSignatureIs401() {
    JsonObject claims = new JsonObject().put("sub", "mallory");
    assert401(buddies("Authorization", "Bearer " + Jwt.hs256("another-secret-of-32-bytes-long!!", claims)));
    String good = Jwt.hs256(TestSite.JWT_SECRET, claims);
    String tampered = good.substring(0, good.length() - 3) + (good.endsWith("AAA") ? "BBB" : "AAA");
    assert401(buddies("Authorization", "Bearer " + tampered));
    assert401(buddies("Authorization", "Bearer not.a.jwt"));
    assert401(buddies("Authorization", "Bearer garbage"));
  }

  @Test
  void algNoneIsRefused() {
    JsonObject claims = new JsonObject().put("sub", "mallory");
    assert401(buddies("Authorization", "Bearer " + Jwt.none(claims)));
    // A signed token whose header says another algorithm is refused too.
    String hs512 = Jwt.signed(TestSite.JWT_SECRET, new JsonObject().put("alg", "HS512"), claims);
    assert401(buddies("Authorization", "Bearer " + hs512));
  }

  @Test
  void anExpiredTokenIs401AndAFreshOneWorks() {
    JsonObject expired = new JsonObject().put("sub", "erin").put("exp", Jwt.nowSeconds() - 60);
    assert401(buddies("Authorization", "Bearer " + Jwt.hs256(TestSite.JWT_SECRET, expired)));
    JsonObject fresh = new JsonObject().put("sub", "erin").put("exp", Jwt.nowSeconds() + 600);
    assertEquals(200, buddies("Authorization", "Bearer " + Jwt.hs256(TestSite.JWT_SECRET, fresh)).status());
  }

  @Test
  void theSubMustBeAUserId() {
    assert401(buddies("Authorization", "Bearer " + Jwt.hs256(TestSite.JWT_SECRET, new JsonObject().put("sub", "a b"))));
    assert401(buddies("Authorization", "Bearer " + Jwt.hs256(TestSite.JWT_SECRET, new JsonObject().put("nick", "x"))));
  }

  @Test
  void theCookieWorksLikeTheHeader() {
    String token = Jwt.hs256(TestSite.JWT_SECRET, new JsonObject().put("sub", "carol"));
    Reply r = buddies("Cookie", "theme=dark; webim_token=" + token);
    assertEquals(200, r.status(), r.toString());
    assert401(buddies("Cookie", "webim_token=" + Jwt.none(new JsonObject().put("sub", "carol"))));
  }

  @Test
  void anUnknownSubjectIsCreatedFromTheClaims() {
    String token = Jwt.hs256(TestSite.JWT_SECRET, new JsonObject().put("sub", "newcomer").put("nick", "New Comer")
        .put("pic_url", "http://site.example/n.png").put("url", "http://site.example/u/newcomer"));
    Reply r = site.post("/webim/online", token, TestSite.params());
    assertEquals(200, r.status(), r.toString());
    JsonObject user = r.json().getJsonObject("user");
    assertEquals("newcomer", user.getString("id"));
    assertEquals("New Comer", user.getString("nick"));
    assertEquals("http://site.example/n.png", user.getString("pic_url"));
    assertEquals("http://site.example/u/newcomer", user.getString("url"));
    // The site sees it as an existing user now: an update answers 200, not 201.
    assertEquals(200, site.site("PUT", "/site/users/newcomer", new JsonObject().put("nick", "Newcomer")).status());
  }

  @Test
  void anonymousOnlineAnswersTheOnlineErrorForm() {
    Reply r = site.post("/webim/online", null, TestSite.params());
    assertEquals(401, r.status());
    assertEquals(false, r.json().getBoolean("success"));
    assertTrue(r.json().getString("error_msg").contains("token"));
  }
}
