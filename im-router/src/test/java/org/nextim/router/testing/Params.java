package org.nextim.router.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered request parameters; later values replace earlier ones, a null value removes the key. */
public final class Params {

  private final Map<String, String> values = new LinkedHashMap<>();

  public static Params of(String... keyValues) {
    return new Params().with(keyValues);
  }

  public Params with(String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("parameters come in key/value pairs");
    }
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        values.remove(keyValues[i]);
      } else {
        values.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return this;
  }

  public Params copy() {
    Params p = new Params();
    p.values.putAll(values);
    return p;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** {@code a=1&b=x+y}: form/query encoding (a space becomes {@code +}). */
  public String encoded() {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return sb.toString();
  }
}
