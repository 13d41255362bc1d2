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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/** The packaged fat jar, started the way it is deployed: {@code java -jar} with ROUTER_* variables. */
@Timeout(60)
class RouterJarIT {

  private static final Pattern LISTENING = Pattern.compile("im-router listening on 127\\.0\\.0\\.1:(\\d+)");

  private Process process;
  private final StringBuffer output = new StringBuffer();
  private int port;

  @BeforeEach
  void startJar() throws Exception {
    Path jar = Path.of(System.getProperty("basedir", "."), "target", "im-router.jar");
    assertTrue(Files.isRegularFile(jar), "packaged jar missing: " + jar.toAbsolutePath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true);
    pb.environment().putAll(Map.of(
        "ROUTER_PORT", "0",
        "ROUTER_HOST", "127.0.0.1",
        "ROUTER_DOMAINS", "test.com=key1,other.org=key2",
        "ROUTER_POLL_TIMEOUT_MS", "2000",
        "ROUTER_IDLE_TIMEOUT_MS", "5000",
        "ROUTER_PAGE_BUFFER", "100",
        "ROUTER_MAX_BODY_BYTES", "65536"));
    process = pb.start();

    CompletableFuture<Integer> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.append(line).append('\n');
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            listening.complete(Integer.parseInt(m.group(1)));
          }
        }
        listening.completeExceptionally(new AssertionError("the router exited before listening:\n" + output));
      } catch (Exception e) {
        listening.completeExceptionally(e);
      }
    }, "router-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      port = listening.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no 'im-router listening on' line within 30 s; output:\n" + output);
    }
    assertTrue(port > 0, "a real port, not 0: " + port);
  }

  @AfterEach
  void stopJar() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
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
