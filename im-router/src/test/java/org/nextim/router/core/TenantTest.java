package org.nextim.router.core;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tenant's keys: the current one, the previous one within its overlap, digests only, and its JSON. */
class TenantTest {

  @Test
  void acceptsItsKeyAndThePreviousOneOnlyWithinTheOverlap() {
    Tenant t = Tenant.create("a.example", TenantLimits.DEFAULTS, "first", 1000);
    assertTrue(t.accepts("first", 1000));
    assertFalse(t.accepts("First", 1000));
    assertFalse(t.accepts("", 1000));
    Tenant r = t.rotated("second", 5000);
    assertTrue(r.accepts("second", 4999));
    assertTrue(r.accepts("first", 4999));
    assertFalse(r.accepts("first", 5000));
    assertTrue(r.accepts("second", 5000));
    Tenant noOverlap = r.rotated("third", 0);
    assertFalse(noOverlap.accepts("second", 0));
    assertFalse(noOverlap.accepts("first", 0));
    assertFalse(noOverlap.asDeleted().accepts("third", 0));
  }

  @Test
  void generatedKeysAreLongRandomAndUrlSafe() {
    Apikeys keys = new Apikeys();
    String a = keys.generate();
    assertTrue(a.matches("[A-Za-z0-9_-]{32}"), a);
    assertNotEquals(a, keys.generate());
  }

  @Test
  void itsJsonKeepsDigestsAndRoundTrips() {
    Tenant t = Tenant.create("a.example", new TenantLimits(5, null), "secret-key", 42).rotated("new-key", 99).withVersion(7);
    JsonObject json = t.toJson();
    assertFalse(json.encode().contains("secret-key") || json.encode().contains("new-key"), json::encode);
    Tenant back = Tenant.fromJson(json);
    assertEquals(7, back.version());
    assertEquals(new TenantLimits(5, null), back.limits());
    assertArrayEquals(t.keyDigest(), back.keyDigest());
    assertTrue(back.accepts("new-key", 98) && back.accepts("secret-key", 98));
    assertTrue(Tenant.fromJson(t.asDeleted().toJson()).deleted());
  }
}
