package org.nextim.router.core;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApikeysTest {

  /** SHA-256("abc"), FIPS 180-2 appendix B.1. */
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void aDigestIsTheKeysSha256WhateverWasDigestedBeforeOnTheThread() throws Exception {
    assertEquals(ABC, hex(Apikeys.digest("abc")));
    Apikeys.digest("another key entirely");
    assertEquals(ABC, hex(Apikeys.digest("abc")), "nothing of an earlier key stays in the digest");
    assertEquals(ABC, CompletableFuture.supplyAsync(() -> hex(Apikeys.digest("abc"))).get(), "on another thread");
  }

  @Test
  void generatedKeysAreDistinctAndMatchOnlyTheirOwnDigest() {
    Apikeys keys = new Apikeys();
    String a = keys.generate();
    String b = keys.generate();
    assertNotEquals(a, b);
    assertEquals(32, a.length());
    assertTrue(Apikeys.matches(Apikeys.digest(a), Apikeys.digest(a)));
    assertFalse(Apikeys.matches(Apikeys.digest(a), Apikeys.digest(b)));
    assertFalse(Apikeys.matches(null, Apikeys.digest(a)));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
