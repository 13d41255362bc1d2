package org.nextim.bench;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * What every shard of a generator process shares: the server(s), the users, and client limits.
 *
 * @param targets one per server node ({@code --ports p1,p2} for a cluster; {@code --port} otherwise);
 *     user {@code n} of the population talks to node {@code n % targets}, for its login, its polls and
 *     the messages it sends
 * @param backend {@code router} or {@code nchan}
 * @param shards how many shards the process runs (the users are split between them)
 * @param restPool keep-alive REST connections per shard and node
 * @param restTimeoutMs a REST call with no answer for this long fails
 * @param pollIdleTimeoutMs a poll with no answer for this long is given up (router poll timeout + slack)
 * @param loginConcurrency logins in flight per shard
 */
public record ShardSettings(List<RouterTarget> targets, String backend, Population population, int shards,
                            int restPool, long restTimeoutMs, long pollIdleTimeoutMs, int loginConcurrency) {

  public ShardSettings {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no target");
    }
    if (!backend.equals("router") && !backend.equals("nchan")) {
      throw new IllegalArgumentException("--backend must be router or nchan, got " + backend);
    }
    targets = List.copyOf(targets);
  }

  public static ShardSettings from(BenchArgs args, int defaultUsers, int defaultBuddies, int defaultShards) {
    RouterTarget target = RouterTarget.from(args);
    List<RouterTarget> targets = new ArrayList<>();
    for (String p : args.list("ports", "")) {
      int port;
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--ports: not a port: " + p);
      }
      targets.add(new RouterTarget(target.host(), port, target.domain(), target.apikey(), target.localAddress()));
    }
    if (targets.isEmpty()) {
      targets.add(target);
    }
    Population population = new Population(
        args.string("user-prefix", "u"),
        args.integer("first-user", 0, 0, Integer.MAX_VALUE / 2),
        args.integer("users", defaultUsers, 1, 1_000_000),
        args.integer("buddies", defaultBuddies, 0, 1000));
    int shards = args.integer("shards", defaultShards, 1, 64);
    long routerPollTimeout = args.longValue("router-poll-timeout-ms", 28_000, 1, 3_600_000);
    return new ShardSettings(targets, args.string("backend", "router"), population, shards,
        args.integer("rest-pool", 32, 1, 10_000),
        args.longValue("rest-timeout-ms", 10_000, 100, 600_000),
        // Like our widget: a poll silent for the poll timeout + 4 s is dead; a bit more slack under load.
        routerPollTimeout + 10_000,
        args.integer("login-concurrency", 64, 1, 10_000));
  }

  /** The first node (the only one without {@code --ports}). */
  public RouterTarget target() {
    return targets.get(0);
  }

  /** A client per node for the calling event loop. */
  public List<Backend> newClients(Vertx vertx) {
    List<Backend> out = new ArrayList<>();
    for (RouterTarget t : targets) {
      out.add(backend.equals("nchan")
          ? new NchanClient(vertx, t, restPool, restTimeoutMs)
          : new RouterClient(vertx, t, restPool, restTimeoutMs));
    }
    return out;
  }

  /** Which node user {@code user} (an index into the population) talks to. */
  public int nodeOf(int user) {
    return Math.floorMod(population.first() + user, targets.size());
  }
}
