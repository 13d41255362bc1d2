package org.nextim.router;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.nextim.openapi.ApiDocument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The merge rule of {@code /openapi.json}: the admin API's paths and schemas join the router's
 * document when their resource exists (a fixture here, before the real one lands); nothing changes
 * without it; a path described twice is refused at start.
 */
class ApiDescriptionTest {

  @Test
  void theAdminPartIsMergedWhenPresent() {
    JsonObject base = ApiDescription.load(ApiDescription.ROUTER, "openapi/none-such.json").document();
    JsonObject merged = ApiDescription.load(ApiDescription.ROUTER, "openapi/admin-paths-fixture.json").document();
    assertFalse(base.getJsonObject("paths").containsKey("/admin/api/domains"));
    assertTrue(merged.getJsonObject("paths").containsKey("/admin/api/domains"));
    assertTrue(merged.getJsonObject("components").getJsonObject("schemas").containsKey("AdminDomain"));
    assertEquals(base.getJsonObject("paths").size() + 1, merged.getJsonObject("paths").size());
    // Still a valid document whose merged operation references resolve.
    ApiDocument doc = ApiDocument.of(merged);
    assertEquals("the tenants", doc.response(new ApiDocument.Operation("GET", "/admin/api/domains"), "200")
        .node().getString("description"));
    assertEquals("the admin part's own words for ROUTER_ADMIN_TOKEN", merged.getJsonObject("components")
        .getJsonObject("securitySchemes").getJsonObject("adminToken").getString("description"),
        "the admin part defines its security scheme");
    assertTrue(merged.getJsonObject("components").getJsonObject("securitySchemes").containsKey("metricsToken"));
  }

  @Test
  void aPathDescribedTwiceIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ApiDescription.load(ApiDescription.ROUTER, "openapi/admin-paths-clash.json"));
    assertTrue(e.getMessage().contains("/messages"), e.getMessage());
  }

  @Test
  void theServedDocumentIsTheRoutersWithTheAdminPart() {
    JsonObject served = ApiDescription.load().document();
    JsonObject base = ApiDescription.load(ApiDescription.ROUTER, "openapi/none-such.json").document();
    assertTrue(served.getJsonObject("paths").fieldNames().containsAll(base.getJsonObject("paths").fieldNames()));
    assertTrue(served.getJsonObject("paths").containsKey("/admin/api/domains"), "the admin API is described");
  }
}
