package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics}: the Prometheus text format, open by default, behind a bearer token when one is set. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class MetricsTest {

  @Test
  void openByDefaultWithTheUsersOfEachDomain(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx);
    router.login("alice");
    // On a cluster (the suite's second pass) alice lives on one of the nodes: look at each.
    StringBuilder all = new StringBuilder();
    for (String url : router.baseUrls()) {
      Reply r = new RestClient(url, TestRouter.DOMAIN, TestRouter.APIKEY).get("/metrics");
      assertEquals(200, r.status(), r::toString);
      assertTrue(r.body().contains("nextim_pages "), r.body());
      all.append(r.body());
    }
    assertTrue(all.toString().contains("nextim_users_online{domain=\"" + TestRouter.DOMAIN + "\"} 1.0"), all::toString);
  }

  @Test
  void aTokenKeepsTheSeriesFromWhoeverReachesThePort(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, TestRouter.defaults().setMetricsToken("s3cret-token"));
    RestClient rest = router.rest();
    Reply none = rest.get("/metrics");
    assertEquals(401, none.status(), none::toString);
    assertEquals("authentication_failed", new JsonObject(none.body()).getString("error"));
    Reply wrong = rest.send(rest.request("/metrics").header("Authorization", "Bearer s3cret-tokeN"));
    assertEquals(401, wrong.status(), wrong::toString);
    Reply right = rest.send(rest.request("/metrics").header("Authorization", "Bearer s3cret-token"));
    assertEquals(200, right.status(), right::toString);
    assertTrue(right.body().contains("nextim_polls_held "), right.body());
    assertEquals(200, rest.get("/health/ready").status(), "health stays open");
  }
}
