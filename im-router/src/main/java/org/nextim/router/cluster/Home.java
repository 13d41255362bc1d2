package org.nextim.router.cluster;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A user's entry in the {@link HomeDirectory}: the node that is its home (null once it went offline:
 * a tombstone that keeps the version counting up) and the version of that claim, one more on every
 * change, so an older claim is recognisably older. It also keeps the user's buddies (who must hear
 * its offline if its home dies): two copies in the cluster (owner and backup), not one per node.
 */
public final class Home implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** The home's Vert.x node id, or null for a user who is offline. Indexed: "node". */
  public final String node;
  public final long version;
  public final List<String> buddies;

  Home(String node, long version, List<String> buddies) {
    this.node = node;
    this.version = version;
    this.buddies = buddies;
  }

  @Override
  public String toString() {
    return (node == null ? "offline" : node) + "@" + version;
  }
}
