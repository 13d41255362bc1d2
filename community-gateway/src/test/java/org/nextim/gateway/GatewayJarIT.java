package org.nextim.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged fat jar ({@code target/community-gateway.jar}) starts in demo mode on its default H2
 * file database under {@code ./data/} and serves a login against a real router.
 */
class GatewayJarIT {

  private static final Pattern LISTENING = Pattern.compile("community-gateway listening on [^:]+:(\\d+)");

  private Process process;
  private TestSite router;

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (router != null) {
      router.close();
    }
  }

  @Test
  void theJarRunsInDemoMode(@TempDir Path dir) throws Exception {
    Path jar = Path.of("target", "community-gateway.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "missing " + jar);
    // A router to talk to: the test site's (its own gateway is not used here).
    router = TestSite.start(TestDb.h2(), true);
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GATEWAY_DEMO", "true");
    pb.environment().put("GATEWAY_PORT", "0");
    pb.environment().put("GATEWAY_HOST", "127.0.0.1");
    pb.environment().put("GATEWAY_ROUTER_URL", "http://127.0.0.1:" + router.routerPort());
    process = pb.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    StringBuilder log = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.append(line).append('\n');
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
      port.completeExceptionally(new IllegalStateException("the gateway exited"));
    }, "gateway-log");
    reader.setDaemon(true);
    reader.start();
    int p;
    try {
      p = port.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      synchronized (log) {
        throw new AssertionError("the jar did not start: " + e + "\n" + log, e);
      }
    }
    assertTrue(Files.isDirectory(dir.resolve("data")), "H2 file database under ./data/");

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + p;
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/demo/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"alice\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, login.statusCode(), login.body());
    String token = new JsonObject(login.body()).getString("token");
    HttpResponse<String> online = http.send(HttpRequest.newBuilder(URI.create(base + "/webim/im.php?webim_action=online"))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, online.statusCode(), online.body());
    JsonObject o = new JsonObject(online.body());
    assertTrue(o.getBoolean("success"));
    assertEquals("http://127.0.0.1:" + router.routerPort() + "/packets", o.getJsonObject("connection").getString("server"));
  }

  private Process startJar(Path dir, String dbUrl) throws IOException {
    Path jar = Path.of("target", "community-gateway.jar").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("gateway.log").toFile());
    pb.environment().put("GATEWAY_DEMO", "true");
    pb.environment().put("GATEWAY_PORT", "0");
    pb.environment().put("GATEWAY_HOST", "127.0.0.1");
    pb.environment().put("GATEWAY_DB_URL", dbUrl);
    return pb.start();
  }

  /** A SIGTERM while the start waits on a database that never answers ends the process (it used to hang). */
  @Test
  void aSigtermDuringTheStartEndsTheProcess(@TempDir Path dir) throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      process = startJar(dir, "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/nextim");
      silent.setSoTimeout(60_000);
      try (Socket driver = silent.accept()) { // the start is under way: its database connection is open
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(30, TimeUnit.SECONDS),
            () -> "still running 30 s after SIGTERM:\n" + readLog(dir));
      }
    }
  }

  /** A start that fails (the database refuses connections) exits with code 1. */
  @Test
  void aFailedStartExitsWithOne(@TempDir Path dir) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    process = startJar(dir, "jdbc:postgresql://127.0.0.1:" + closed + "/nextim");
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> "still running:\n" + readLog(dir));
    assertEquals(1, process.exitValue(), () -> readLog(dir));
  }

  /** A bad configuration ends the jar at once with code 1 and one line naming the variable, no stack trace. */
  @Test
  void aBadValueExitsWithOneNamingIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("gateway.json"), "{\"GATEWAY_DEMO\": true, \"GATEWAY_ROUTER_URL\": \"router:8000\"}");
    Path jar = Path.of("target", "community-gateway.jar").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("gateway.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
    pb.environment().put("GATEWAY_CONFIG_FILE", "gateway.json");
    process = pb.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> "still running:\n" + readLog(dir));
    assertEquals(1, process.exitValue(), () -> readLog(dir));
    assertEquals("community-gateway: bad configuration: GATEWAY_ROUTER_URL: \"router:8000\" is not an http:// or "
        + "https:// URL, in GATEWAY_CONFIG_FILE gateway.json\n", readLog(dir));
  }

  private static String readLog(Path dir) {
    try {
      return Files.readString(dir.resolve("gateway.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
