package org.nextim.router.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/**
 * Who is whose home, agreed cluster-wide: a Hazelcast partitioned map from (domain, user) to
 * {@link Home}, with one backup. Every decision is an entry processor ({@link HomeProcessors}) run on
 * the key's owner, so two logins of one user through two nodes, during a join, a leave or a pause, end
 * on one home. After a split brain heals, the smaller side's entries are discarded (its nodes give up
 * their pages: {@link ClusterNode} fences itself on a merge).
 */
final class HomeDirectory {

  static final String MAP = "nextim.homes";

  private final IMap<String, Home> homes;

  HomeDirectory(HazelcastInstance hz) {
    this.homes = hz.getMap(MAP);
  }

  /** Adds the directory's map settings to a Hazelcast config. */
  static void configure(Config hz) {
    hz.addMapConfig(new MapConfig(MAP)
        .setBackupCount(1)
        .setInMemoryFormat(InMemoryFormat.OBJECT)
        .setMergePolicyConfig(new MergePolicyConfig(DiscardMergePolicy.class.getName(), 100))
        .addIndexConfig(new IndexConfig(IndexType.HASH, "node")));
  }

  static String key(String domain, String name) {
    return domain + '\n' + name;
  }

  static String[] split(String key) {
    int nl = key.indexOf('\n');
    return new String[] {key.substring(0, nl), key.substring(nl + 1)};
  }

  /** The user's entry, or null: none (never online since the cluster formed). */
  Future<Home> entry(String domain, String name, Context context) {
    return Future.fromCompletionStage(homes.getAsync(key(domain, name)), context);
  }

  /** Claims {@code self} as the user's home (see {@link HomeProcessors.Claim}); completes on {@code context}. */
  Future<Home> claim(String domain, String name, String self, Context context) {
    return Future.fromCompletionStage(homes.submitToKey(key(domain, name), new HomeProcessors.Claim(self)), context);
  }

  Future<Boolean> release(String domain, String name, String node, long version, Context context) {
    return Future.fromCompletionStage(
        homes.submitToKey(key(domain, name), new HomeProcessors.Release(node, version)), context);
  }

  /** Moves the claims of the users {@code keys} from {@code from} to {@code to}; answers each user's entry after. */
  Future<Map<String, Home>> moveAll(java.util.Set<String> keys, String from, String to, Context context) {
    return Future.fromCompletionStage(homes.submitToKeys(keys, new HomeProcessors.Move(from, to)), context);
  }

  /**
   * Ends every claim of {@code dead}, a node that left; returns the users whose claim this call ended,
   * with their entries (version, buddies). Blocks: call on a worker.
   */
  Map<String, Home> releaseAllOf(String dead) {
    Map<String, Home> ended = homes.executeOnEntries(new HomeProcessors.ReleaseDead(dead), Predicates.equal("node", dead));
    Map<String, Home> out = new HashMap<>();
    ended.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Records the buddies of {@code node}'s claim of {@code version} (they changed, or it is new). */
  Future<Boolean> setBuddies(String domain, String name, String node, long version, java.util.List<String> buddies,
                             Context context) {
    return Future.fromCompletionStage(
        homes.submitToKey(key(domain, name), new HomeProcessors.SetBuddies(node, version, buddies)), context);
  }
}
