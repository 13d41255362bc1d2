package org.nextim.bench;

/**
 * What every shard of a generator process shares: the router, the users, and client limits.
 *
 * @param shards how many shards the process runs (the users are split between them)
 * @param restPool keep-alive REST connections per shard
 * @param restTimeoutMs a REST call with no answer for this long fails
 * @param pollIdleTimeoutMs a poll with no answer for this long is given up (router poll timeout + slack)
 * @param loginConcurrency logins in flight per shard
 */
public record ShardSettings(RouterTarget target, Population population, int shards, int restPool,
                            long restTimeoutMs, long pollIdleTimeoutMs, int loginConcurrency) {

  public static ShardSettings from(BenchArgs args, int defaultUsers, int defaultBuddies, int defaultShards) {
    RouterTarget target = RouterTarget.from(args);
    Population population = new Population(
        args.string("user-prefix", "u"),
        args.integer("first-user", 0, 0, Integer.MAX_VALUE / 2),
        args.integer("users", defaultUsers, 1, 1_000_000),
        args.integer("buddies", defaultBuddies, 0, 1000));
    int shards = args.integer("shards", defaultShards, 1, 64);
    long routerPollTimeout = args.longValue("router-poll-timeout-ms", 28_000, 1, 3_600_000);
    return new ShardSettings(target, population, shards,
        args.integer("rest-pool", 32, 1, 10_000),
        args.longValue("rest-timeout-ms", 10_000, 100, 600_000),
        // Like our widget: a poll silent for the poll timeout + 4 s is dead; a bit more slack under load.
        routerPollTimeout + 10_000,
        args.integer("login-concurrency", 64, 1, 10_000));
  }
}
