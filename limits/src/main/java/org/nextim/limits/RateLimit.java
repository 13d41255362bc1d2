package org.nextim.limits;

import java.util.Locale;

/**
 * A token-bucket limit: {@code perSecond} sustained, bursts of up to {@code burst}. Written
 * {@code "RATE:BURST"} (e.g. {@code "10:60"}: ten a second, sixty at once); {@code "0"} or {@code "off"}
 * means no limit.
 */
public record RateLimit(double perSecond, int burst) {

  public static final RateLimit OFF = new RateLimit(0, 0);

  /** How a limit is written, in words (the configuration's error messages and tables). */
  public static final String FORMAT = "RATE:BURST (e.g. 10:60) or off";

  public RateLimit {
    if (perSecond < 0 || burst < 0 || (perSecond > 0) != (burst > 0)) {
      throw new IllegalArgumentException("a rate and a burst, both positive, or both 0 (no limit)");
    }
  }

  public boolean off() {
    return perSecond == 0;
  }

  /** A fresh bucket for this limit, full at {@code nowNs} (nanoTime). */
  public TokenBucket bucket(long nowNs) {
    return new TokenBucket(this, nowNs);
  }

  public static RateLimit parse(String name, String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("0") || s.equals("off") || s.isEmpty()) {
      return OFF;
    }
    int colon = s.indexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      double rate = Double.parseDouble(s.substring(0, colon));
      int burst = Integer.parseInt(s.substring(colon + 1));
      if (!(rate > 0) || burst < 1 || Double.isInfinite(rate)) {
        throw new NumberFormatException();
      }
      return new RateLimit(rate, burst);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected " + FORMAT + ", got '" + spec + "'");
    }
  }

  @Override
  public String toString() {
    if (off()) {
      return "off";
    }
    String rate = perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    return rate + ":" + burst;
  }
}
