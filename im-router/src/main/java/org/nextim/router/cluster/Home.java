package org.nextim.router.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.List;

/**
 * A user's entry in the {@link HomeDirectory}: the node that is its home (null once it went offline:
 * a tombstone that keeps the version counting up) and the version of that claim, one more on every
 * change, so an older claim is recognisably older. It also keeps the user's buddies (who must hear
 * its offline if its home dies): two copies in the cluster (owner and backup), not one per node.
 * Written in Hazelcast's own compact form ({@link DirectorySerialization}), never Java serialization.
 */
public final class Home implements IdentifiedDataSerializable {

  /** The home's Vert.x node id, or null for a user who is offline. Indexed: "node". */
  public String node;
  public long version;
  public List<String> buddies;

  /** For Hazelcast, which fills the fields from the wire. */
  Home() {
  }

  Home(String node, long version, List<String> buddies) {
    this.node = node;
    this.version = version;
    this.buddies = buddies;
  }

  @Override
  public int getFactoryId() {
    return DirectorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return DirectorySerialization.HOME;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(node);
    out.writeLong(version);
    DirectorySerialization.writeList(out, buddies);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    node = in.readString();
    version = in.readLong();
    buddies = DirectorySerialization.readList(in);
  }

  @Override
  public String toString() {
    return (node == null ? "offline" : node) + "@" + version;
  }
}
