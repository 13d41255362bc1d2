package org.nextim.router.cluster;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.AdminClient;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertUnauthorized;

/**
 * A whole cluster stops and its tenants are still there: both nodes share one tenants file (the oldest
 * node writes it), a change made on the younger node reaches it, and a router started on that file
 * afterwards serves the tenant with its rotated key.
 */
@Timeout(120)
class ClusterTenantsFileTest {

  private static final String TOKEN = "cluster-file-token-0123456789";

  @Test
  void theTenantsOfAStoppedClusterServeAgainFromItsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tenants.json");
    String key;
    try (TestCluster cluster = TestCluster.start(2)) {
      List<RouterVerticle> routers = cluster.deploy(TestRouter.defaults().setAdminToken(TOKEN)
          .setTenantsFile(file.toString()));
      // Node 1 is the younger member: the change goes through it, the oldest writes the file.
      AdminClient younger = new AdminClient("http://127.0.0.1:" + routers.get(1).actualPort(), TOKEN);
      younger.create("kept-by-cluster.example");
      key = younger.rotate("kept-by-cluster.example", 0).getString("apikey");
      long deadline = System.currentTimeMillis() + 10_000;
      while (!Files.exists(file) || Tenantfile.versionOf(Files.readString(file), "kept-by-cluster.example") < 2) {
        assertTrue(System.currentTimeMillis() < deadline, "the oldest node wrote the rotation to the file");
        Thread.sleep(50);
      }
    }

    Vertx vertx = Vertx.vertx();
    try {
      RouterVerticle router = new RouterVerticle(TestRouter.defaults().setTenantsFile(file.toString()));
      vertx.deployVerticle(router).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      RestClient rest = new RestClient("http://127.0.0.1:" + router.actualPort(), "kept-by-cluster.example", key);
      assertEquals(200, rest.get("/onlines", "names", "x").status());
      assertUnauthorized(rest.as("kept-by-cluster.example", "not-the-key").get("/onlines", "names", "x"));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Reads a tenant's version from the file's JSON. */
  private static final class Tenantfile {
    static long versionOf(String json, String domain) {
      for (Object o : new io.vertx.core.json.JsonObject(json).getJsonArray("tenants")) {
        io.vertx.core.json.JsonObject t = (io.vertx.core.json.JsonObject) o;
        if (domain.equals(t.getString("domain"))) {
          return t.getLong("version");
        }
      }
      return -1;
    }
  }
}
