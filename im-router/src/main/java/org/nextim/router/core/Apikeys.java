package org.nextim.router.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Tenants' apikeys: generated from {@link SecureRandom} (192 bits, URL-safe base64, 32 characters), kept
 * only as their SHA-256 (a key has enough entropy that no salt or slow hash is needed: nobody guesses
 * 2^192), and compared digest to digest in constant time.
 */
public final class Apikeys {

  private static final int KEY_BYTES = 24;
  private final SecureRandom random = new SecureRandom();

  /** A new key. */
  public String generate() {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The key's SHA-256, as kept in the tenant (and its file). */
  public static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Constant time in the digests' contents (both are 32 bytes). */
  static boolean matches(byte[] expectedDigest, byte[] givenDigest) {
    return expectedDigest != null && MessageDigest.isEqual(expectedDigest, givenDigest);
  }
}
