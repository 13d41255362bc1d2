package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nextim.router.testing.AdminClient;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertJsonError;
import static org.nextim.router.testing.RouterAssertions.assertUnauthorized;

/**
 * Tenants survive a restart: a router started again on the same {@code ROUTER_TENANTS_FILE} serves the
 * tenants made through the admin API with their rotated keys, limits and state, and a seeded domain keeps
 * the file's state over {@code ROUTER_DOMAINS}. The file holds key digests, never a key.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class TenantPersistenceTest {

  private static RouterVerticle start(Vertx vertx, Path file) throws Exception {
    RouterVerticle router = new RouterVerticle(TestRouter.defaults().setAdminToken(AdminApiTest.TOKEN)
        .setTenantsFile(file.toString()));
    vertx.deployVerticle(router).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return router;
  }

  private static String url(RouterVerticle r) {
    return "http://127.0.0.1:" + r.actualPort();
  }

  @Test
  void aRestartedRouterServesTheTenantsOfItsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state/tenants.json");
    String first;
    String rotated;
    String seededKey;
    Vertx one = Vertx.vertx();
    try {
      RouterVerticle router = start(one, file);
      AdminClient admin = new AdminClient(url(router), AdminApiTest.TOKEN);
      first = admin.create("kept.example").getString("apikey");
      rotated = admin.rotate("kept.example", 0).getString("apikey");
      assertEquals(200, admin.put("/admin/api/domains/kept.example/limits",
          new JsonObject().put("max_users_online", 7)).status());
      admin.create("paused.example");
      assertEquals(200, admin.post("/admin/api/domains/paused.example/disable", null).status());
      admin.create("gone.example");
      assertEquals(204, admin.delete("/admin/api/domains/gone.example").status());
      // A seeded domain changed at runtime keeps its change over ROUTER_DOMAINS.
      seededKey = admin.rotate(TestRouter.OTHER_DOMAIN, 0).getString("apikey");
    } finally {
      one.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    String text = Files.readString(file);
    assertFalse(text.contains(first) || text.contains(rotated) || text.contains(seededKey), "no key in the file: " + text);
    assertFalse(Files.list(file.getParent()).anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");

    Vertx two = Vertx.vertx();
    try {
      RouterVerticle router = start(two, file);
      AdminClient admin = new AdminClient(url(router), AdminApiTest.TOKEN);
      RestClient rest = new RestClient(url(router), "kept.example", rotated);
      assertEquals(200, rest.get("/onlines", "names", "x").status());
      assertUnauthorized(rest.as("kept.example", first).get("/onlines", "names", "x"));
      assertEquals(7, assertJson(200, admin.get("/admin/api/domains/kept.example"))
          .getJsonObject("limits").getInteger("max_users_online"));
      assertEquals(false, assertJson(200, admin.get("/admin/api/domains/paused.example")).getBoolean("enabled"));
      assertJsonError(404, "not_found", admin.get("/admin/api/domains/gone.example"));
      assertEquals(200, rest.as(TestRouter.OTHER_DOMAIN, seededKey).get("/onlines", "names", "x").status());
      assertUnauthorized(rest.as(TestRouter.OTHER_DOMAIN, TestRouter.OTHER_APIKEY).get("/onlines", "names", "x"));
      assertEquals(200, rest.as(TestRouter.DOMAIN, TestRouter.APIKEY).get("/onlines", "names", "x").status(),
          "a seed the file has unchanged still works");
    } finally {
      two.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCorruptFileStopsTheStartInsteadOfBeingOverwritten(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tenants.json");
    Files.writeString(file, "{not json");
    Vertx vertx = Vertx.vertx();
    try {
      RouterVerticle router = new RouterVerticle(TestRouter.defaults().setTenantsFile(file.toString()));
      Throwable failed = vertx.deployVerticle(router).toCompletionStage().toCompletableFuture()
          .handle((id, e) -> e).get(20, TimeUnit.SECONDS);
      assertTrue(failed != null && String.valueOf(failed.getMessage()).contains("tenants file"), String.valueOf(failed));
      assertEquals("{not json", Files.readString(file));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }
}
