package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Params;
import org.nextim.router.testing.RawHttp;
import org.nextim.router.testing.TestRouter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/**
 * The router serves with one HTTP server per event loop on one port: that must work on port 0 (tests,
 * ROUTER_PORT=0) and on a fixed port, and two routers in one Vert.x must not share each other's servers.
 * Every request here opens a fresh connection so that any server bound to the port may answer it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class DeploymentTest {

  private static String onlines(int port, String names) throws IOException {
    RawHttp.Response r = RawHttp.get(port, "/onlines?" + Params.of("domain", "test.com", "apikey", "key1",
        "names", names).encoded(), 5000);
    assertEquals(200, r.status(), r::toString);
    return r.bodyText();
  }

  private static void assertServesOneRouter(TestRouter router) throws IOException {
    Page alice = router.login("alice");
    Page bob = router.login("bob");
    for (int i = 0; i < 12; i++) {
      assertEquals("alice,bob", onlines(router.port(), "alice,bob"), "connection " + i);
    }
    assertOk(alice.send("bob", "through any event loop"));
    assertEquals(List.of("through any event loop"), bob.poll().bodies());
  }

  @Test
  void severalEventLoopsOnPortZero(Vertx vertx) throws IOException {
    TestRouter router = TestRouter.start(vertx, TestRouter.defaults().setEventLoops(4));
    assertTrue(router.port() > 0, "actualPort() is the bound port");
    assertServesOneRouter(router);
  }

  @Test
  void severalEventLoopsOnAFixedPort(Vertx vertx) throws IOException {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      free = probe.getLocalPort();
    }
    TestRouter router = TestRouter.start(vertx, TestRouter.defaults().setPort(free).setEventLoops(3));
    assertEquals(free, router.port());
    assertServesOneRouter(router);
  }

  @Test
  void twoRoutersInOneVertxKeepTheirOwnState(Vertx vertx) throws IOException {
    TestRouter one = TestRouter.start(vertx, TestRouter.defaults().setEventLoops(2));
    TestRouter two = TestRouter.start(vertx, TestRouter.defaults().setEventLoops(2));
    assertNotEquals(one.port(), two.port(), "each router needs its own port: a shared one mixes both routers' servers");

    one.login("alice");
    for (int i = 0; i < 12; i++) {
      assertEquals("alice", onlines(one.port(), "alice"), "router one, connection " + i);
      assertEquals("", onlines(two.port(), "alice"), "router two, connection " + i);
    }
    one.stop();
    two.login("bob");
    assertEquals("bob", onlines(two.port(), "bob"), "router two outlives router one");
  }
}
