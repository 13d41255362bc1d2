package org.nextim.router;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.testing.HeldPoll;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Params;
import org.nextim.router.testing.PollReply;
import org.nextim.router.testing.RawHttp;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.RouterProcess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/**
 * The packaged fat jar, started the way it is deployed: {@code java @jvm.options -jar} (the settings ./run
 * and the Dockerfile use) with ROUTER_* variables.
 */
@Timeout(60)
class RouterJarIT {

  private RouterProcess router;
  private int port;

  @BeforeEach
  void startJar() {
    router = RouterProcess.start(Map.of(
        "ROUTER_PORT", "0",
        "ROUTER_HOST", "127.0.0.1",
        "ROUTER_DOMAINS", "test.com=key1,other.org=key2",
        "ROUTER_POLL_TIMEOUT_MS", "2000",
        "ROUTER_IDLE_TIMEOUT_MS", "5000",
        "ROUTER_PAGE_BUFFER", "100",
        "ROUTER_MAX_BODY_BYTES", "65536"), List.of("@" + Path.of("jvm.options").toAbsolutePath()));
    port = router.port();
    assertTrue(port > 0, "a real port, not 0: " + port);
  }

  @AfterEach
  void stopJar() {
    router.close();
  }

  @Test
  void runsOnLinuxsNativeTransport() {
    // epoll: fewer objects per held connection than NIO's, fewer system calls per packet (docs/benchmarks.md)
    assertTrue(router.output().contains("native transport"), "the listening line names the transport:\n"
        + router.output());
  }

  @Test
  void loginPollAndMessageRoundTrip() {
    RestClient rest = new RestClient("http://127.0.0.1:" + port, "test.com", "key1");
    Page bob = rest.login("bob", "buddies", "alice");
    Page alice = rest.login("alice", "buddies", "bob");
    assertEquals(new JsonObject().put("bob", "available"), alice.login().getJsonObject("buddies"));
    bob.awaitPresence("alice", "online", 5000);

    HeldPoll held = bob.hold();
    assertOk(alice.send("bob", "hello from the jar", "id", "j-1"));
    PollReply r = held.awaitWithin(1500);
    assertEquals(List.of("hello from the jar"), r.bodies());
    assertEquals("j-1", r.messages().get(0).getString("id"));

    assertOk(bob.send("alice", "and back"));
    assertTrue(alice.awaitMessage("and back", 5000).hasBody("and back"));
  }

  @Test
  void http10LoginAgainstTheJar() throws Exception {
    String form = Params.of("domain", "test.com", "apikey", "key1", "name", "php", "nick", "PHP",
        "version", "3").encoded();
    RawHttp.Response r = RawHttp.postForm(port, "/presences/online", form, 5000);
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.header("Content-Length").isPresent(), r::toString);
    assertFalse(r.header("Transfer-Encoding").orElse("").toLowerCase().contains("chunked"), r::toString);
    assertFalse(new JsonObject(r.bodyText()).getString("ticket", "").isEmpty(), r::toString);
  }
}
