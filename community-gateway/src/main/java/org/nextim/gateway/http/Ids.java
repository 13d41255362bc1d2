package org.nextim.gateway.http;

import java.util.regex.Pattern;

/** The shape of user, room and message ids: {@code ^[A-Za-z0-9_.@-]{1,64}$}. */
public final class Ids {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  private Ids() {
  }

  public static boolean valid(String id) {
    return id != null && ID.matcher(id).matches();
  }
}
