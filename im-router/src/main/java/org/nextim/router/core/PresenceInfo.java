package org.nextim.router.core;

/** What others may know of an online user: an immutable snapshot, replaced on every change. */
public record PresenceInfo(String name, String nick, String show, String status) {

  public boolean invisible() {
    return Show.INVISIBLE.equals(show);
  }
}
