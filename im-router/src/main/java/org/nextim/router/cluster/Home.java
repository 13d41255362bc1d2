package org.nextim.router.cluster;

import java.io.Serial;
import java.io.Serializable;

/**
 * A user's entry in the {@link HomeDirectory}: the node that is its home (null once it went offline:
 * a tombstone that keeps the version counting up) and the version of that claim, one more on every
 * change, so an older claim is recognisably older.
 */
public final class Home implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** The home's Vert.x node id, or null for a user who is offline. Indexed: "node". */
  public final String node;
  public final long version;

  Home(String node, long version) {
    this.node = node;
    this.version = version;
  }

  @Override
  public String toString() {
    return (node == null ? "offline" : node) + "@" + version;
  }
}
