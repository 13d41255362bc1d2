package org.nextim.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds {@code application/x-www-form-urlencoded} bodies and query strings. */
public final class FormBody {

  private final StringBuilder text = new StringBuilder(128);

  public FormBody add(String name, String value) {
    if (text.length() > 0) {
      text.append('&');
    }
    text.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    return this;
  }

  public FormBody add(String name, long value) {
    return add(name, Long.toString(value));
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
