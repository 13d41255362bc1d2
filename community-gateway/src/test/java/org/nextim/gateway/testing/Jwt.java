package org.nextim.gateway.testing;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Hand-made tokens, to test what the gateway refuses. */
public final class Jwt {

  private Jwt() {
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String b64(JsonObject json) {
    return b64(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** A token with the given header and claims, signed HS256 with {@code secret}. */
  public static String signed(String secret, JsonObject header, JsonObject claims) {
    String input = b64(header) + "." + b64(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hs256(String secret, JsonObject claims) {
    return signed(secret, new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims);
  }

  /** An unsigned token ({@code alg: none}, empty signature). */
  public static String none(JsonObject claims) {
    return b64(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + b64(claims) + ".";
  }

  public static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
