package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The Vert.x instance of one generator process and its shards, driven from the main thread: every wait
 * has a deadline, so a router that stops answering ends the run with an error instead of hanging it.
 */
public final class GeneratorProcess<S extends Shard> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GeneratorProcess.class);

  private final Vertx vertx;
  private final List<S> shards = new ArrayList<>();

  public GeneratorProcess(int shardCount, IntFunction<S> newShard) throws Exception {
    // One event loop per shard: each shard is single-threaded and the loops do not compete. Linux's epoll
    // transport where it loads (NIO elsewhere): fewer system calls per request than NIO's selector.
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(shardCount).setWorkerPoolSize(1)
        .setPreferNativeTransport(true));
    log.info("transport: {}", vertx.isNativeTransportEnabled() ? "native (epoll)" : "NIO");
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < shardCount; i++) {
      S shard = newShard.apply(i);
      shards.add(shard);
      deployed.add(vertx.deployVerticle(shard));
    }
    await(Future.all(deployed), 30_000);
  }

  public Vertx vertx() {
    return vertx;
  }

  public List<S> shards() {
    return shards;
  }

  /** Waits for every shard's login wave and merges them. */
  public LoginWave.Result awaitLogins(long timeoutMs) throws Exception {
    LoginWave.Result merged = null;
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (S s : shards) {
      LoginWave.Result r = await(s.loggedIn(), Math.max(1, deadline - System.currentTimeMillis()));
      merged = merged == null ? r : merged.merge(r);
    }
    return merged;
  }

  /** Polls held right now over all shards. */
  public long heldNow() throws Exception {
    long sum = 0;
    for (S s : shards) {
      sum += await(s.heldNow(), 10_000);
    }
    return sum;
  }

  /**
   * Waits until at least {@code target} polls are held, or the timeout passes (some pages may have
   * failed to log in or be between polls); returns the count last seen.
   */
  public long awaitHeld(long target, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    long held = heldNow();
    while (held < target && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      held = heldNow();
    }
    return held;
  }

  public PollStats pollStats() throws Exception {
    PollStats merged = new PollStats();
    for (S s : shards) {
      merged = merged.merge(await(s.pollStats(), 10_000));
    }
    return merged;
  }

  public JsonObject reloginCounts() throws Exception {
    long relogins = 0;
    long failures = 0;
    for (S s : shards) {
      JsonObject c = await(s.reloginCounts(), 10_000);
      relogins += c.getLong("relogins");
      failures += c.getLong("relogin_failures");
    }
    return new JsonObject().put("relogins", relogins).put("relogin_failures", failures);
  }

  public void shutdown(boolean logout, long timeoutMs) {
    List<Future<Void>> all = new ArrayList<>();
    shards.forEach(s -> all.add(s.shutdown(logout)));
    try {
      await(Future.join(all), timeoutMs);
    } catch (Exception e) {
      log.warn("shutdown did not finish cleanly: {}", e.toString());
    }
  }

  @Override
  public void close() {
    try {
      await(vertx.close(), 30_000);
    } catch (Exception e) {
      log.warn("closing Vert.x: {}", e.toString());
    }
  }

  public static <T> T await(Future<T> future, long timeoutMs) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
