package org.nextim.router.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issues tickets: an optional node prefix, then 144 random bits from a DRBG (seeded once, then pure computation: no file read per
 * ticket), URL-safe base64, 24 characters.
 */
final class Tickets {

  private final String prefix;
  private final SecureRandom random;
  private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

  Tickets(String prefix) {
    this.prefix = prefix;
    SecureRandom r;
    try {
      r = SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      r = new SecureRandom();
    }
    random = r;
  }

  String next() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return prefix + encoder.encodeToString(bytes);
  }
}
