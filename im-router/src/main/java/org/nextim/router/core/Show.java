package org.nextim.router.core;

import java.util.Set;

/** The values of {@code show}. */
public final class Show {
  public static final String AVAILABLE = "available";
  public static final String INVISIBLE = "invisible";
  /** Only in offline presence packets. */
  public static final String UNAVAILABLE = "unavailable";

  private static final Set<String> VALID = Set.of(AVAILABLE, "away", "chat", "dnd", "busy", INVISIBLE);

  private Show() {
  }

  public static boolean valid(String show) {
    return VALID.contains(show);
  }
}
