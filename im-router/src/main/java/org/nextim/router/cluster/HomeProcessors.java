package org.nextim.router.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@link HomeDirectory}'s decisions, each an entry processor: Hazelcast runs it on the member that
 * owns the user's partition, one at a time per key, so every node gets the same answer whatever its own
 * view of the cluster. Membership is read there too. Backups get the decided value, not the decision
 * (a backup's member list may differ for a moment).
 */
final class HomeProcessors {

  /** Vert.x keeps a node's id in its member's attributes. */
  static final String VERTX_NODE_ID = "__vertx.nodeId";
  /** How long a tombstone keeps a user's version after it went offline. */
  static final long TOMBSTONE_MINUTES = 60;

  private HomeProcessors() {
  }

  static Set<String> liveNodes(HazelcastInstance hz) {
    Set<String> out = new HashSet<>();
    for (Member m : hz.getCluster().getMembers()) {
      String id = m.getAttribute(VERTX_NODE_ID);
      if (id != null) {
        out.add(id);
      }
    }
    return out;
  }

  private abstract static class Decision<R>
      implements EntryProcessor<String, Home, R>, HazelcastInstanceAware, IdentifiedDataSerializable {
    transient HazelcastInstance hz;
    /** What process() wrote, for the backups; null when it wrote nothing. */
    transient Home written;
    transient boolean tombstone;

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
      this.hz = hz;
    }

    void write(Map.Entry<String, Home> entry, Home value) {
      written = value;
      tombstone = value.node == null;
      set(entry, value, tombstone);
    }

    @Override
    public EntryProcessor<String, Home, R> getBackupProcessor() {
      return written == null ? null : new Store<>(written, tombstone);
    }

    @Override
    public int getFactoryId() {
      return DirectorySerialization.FACTORY_ID;
    }
  }

  static void set(Map.Entry<String, Home> entry, Home value, boolean tombstone) {
    if (tombstone && entry instanceof ExtendedMapEntry<String, Home> e) {
      e.setValue(value, TOMBSTONE_MINUTES, TimeUnit.MINUTES);
    } else {
      entry.setValue(value);
    }
  }

  /** Writes a value decided on the owner (the backup side of every decision). */
  static final class Store<R> implements EntryProcessor<String, Home, R>, IdentifiedDataSerializable {
    private Home value;
    private boolean tombstone;

    Store() {
    }

    Store(Home value, boolean tombstone) {
      this.value = value;
      this.tombstone = tombstone;
    }

    @Override
    public R process(Map.Entry<String, Home> entry) {
      set(entry, value, tombstone);
      return null;
    }

    @Override
    public EntryProcessor<String, Home, R> getBackupProcessor() {
      return null;
    }

    @Override
    public int getFactoryId() {
      return DirectorySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return DirectorySerialization.STORE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      value.writeData(out);
      out.writeBoolean(tombstone);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      value = new Home();
      value.readData(in);
      tombstone = in.readBoolean();
    }
  }

  /**
   * Makes {@code claimant} the user's home unless a live node already is; a claimant that holds no
   * page of the user (it asks only then) gets a new version even if the entry names it. Answers the
   * home after the decision, or null when the claimant itself is not a member (it was taken for dead).
   */
  static final class Claim extends Decision<Home> {
    private String claimant;

    Claim() {
    }

    Claim(String claimant) {
      this.claimant = claimant;
    }

    @Override
    public Home process(Map.Entry<String, Home> entry) {
      Set<String> live = liveNodes(hz);
      if (!live.contains(claimant)) {
        return null;
      }
      Home current = entry.getValue();
      if (current != null && current.node != null && !current.node.equals(claimant) && live.contains(current.node)) {
        return current;
      }
      List<String> buddies = current != null && claimant.equals(current.node) ? current.buddies : List.of();
      Home next = new Home(claimant, current == null ? 1 : current.version + 1, buddies);
      write(entry, next);
      return next;
    }

    @Override
    public int getClassId() {
      return DirectorySerialization.CLAIM;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(claimant);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      claimant = in.readString();
    }
  }

  /** Ends {@code node}'s claim of {@code version} (the user went offline there). Answers whether it did. */
  static final class Release extends Decision<Boolean> {
    private String node;
    private long version;

    Release() {
    }

    Release(String node, long version) {
      this.node = node;
      this.version = version;
    }

    @Override
    public Boolean process(Map.Entry<String, Home> entry) {
      Home current = entry.getValue();
      if (current == null || !node.equals(current.node) || current.version != version) {
        return false;
      }
      write(entry, new Home(null, version, List.of()));
      return true;
    }

    @Override
    public int getClassId() {
      return DirectorySerialization.RELEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(node);
      out.writeLong(version);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      node = in.readString();
      version = in.readLong();
    }
  }

  /**
   * Ends the claim of a node that left the cluster. Answers the ended entry, or null when the user
   * has a live home meanwhile (it came back) or was released already: run on every entry of the dead
   * node by every surviving node, each user's claim ends once, and exactly one node hears so.
   */
  static final class ReleaseDead extends Decision<Home> {
    private String dead;

    ReleaseDead() {
    }

    ReleaseDead(String dead) {
      this.dead = dead;
    }

    @Override
    public Home process(Map.Entry<String, Home> entry) {
      Home current = entry.getValue();
      if (current == null || !dead.equals(current.node) || liveNodes(hz).contains(dead)) {
        return null;
      }
      write(entry, new Home(null, current.version, List.of()));
      return current;
    }

    @Override
    public int getClassId() {
      return DirectorySerialization.RELEASE_DEAD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(dead);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      dead = in.readString();
    }
  }

  /**
   * Moves the user's claim from {@code from} (a node handing its pages over on a planned stop) to
   * {@code to}. Answers the new entry, or the entry as it is when it was not {@code from}'s.
   */
  static final class Move extends Decision<Home> {
    private String from;
    private String to;

    Move() {
    }

    Move(String from, String to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public Home process(Map.Entry<String, Home> entry) {
      Home current = entry.getValue();
      if (current == null || !from.equals(current.node)) {
        return current;
      }
      Home next = new Home(to, current.version + 1, current.buddies);
      write(entry, next);
      return next;
    }

    @Override
    public int getClassId() {
      return DirectorySerialization.MOVE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(from);
      out.writeString(to);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      from = in.readString();
      to = in.readString();
    }
  }

  /** Records the user's buddies if the entry is still {@code node}'s claim of {@code version}. */
  static final class SetBuddies extends Decision<Boolean> {
    private String node;
    private long version;
    private List<String> buddies;

    SetBuddies() {
    }

    SetBuddies(String node, long version, List<String> buddies) {
      this.node = node;
      this.version = version;
      this.buddies = buddies;
    }

    @Override
    public Boolean process(Map.Entry<String, Home> entry) {
      Home current = entry.getValue();
      if (current == null || !node.equals(current.node) || current.version != version) {
        return false;
      }
      write(entry, new Home(node, version, buddies));
      return true;
    }

    @Override
    public int getClassId() {
      return DirectorySerialization.SET_BUDDIES;
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
  }
}
