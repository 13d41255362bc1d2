package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A slice of a generator process's users, all on one event loop: its own router client, pages and
 * statistics, so nothing is shared between threads while a run is going. The process's coordinator
 * talks to it only through {@link #onShard(Callable)}.
 */
public abstract class Shard extends VerticleBase implements PageSession.Listener {

  private static final Logger log = LoggerFactory.getLogger(Shard.class);

  protected final int index;
  protected final ShardSettings settings;
  protected final PollStats stats = new PollStats();
  protected final List<PageSession> pages = new ArrayList<>();
  protected List<Backend> clients;

  private final Promise<LoginWave.Result> loggedIn = Promise.promise();
  private boolean shuttingDown;
  private long relogins;
  private long reloginFailures;

  protected Shard(int index, ShardSettings settings) {
    this.index = index;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    clients = settings.newClients(vertx);
    int[] range = settings.population().slice(index, settings.shards());
    for (int u = range[0]; u < range[1]; u++) {
      Population p = settings.population();
      // Pages are numbered within the shard: that number is what the delivery ledger knows them by.
      pages.add(new PageSession(vertx, u - range[0], p.name(u), clients.get(settings.nodeOf(u)), stats,
          settings.pollIdleTimeoutMs(), this));
    }
    if (autoLogin()) {
      new LoginWave(vertx, pages, settings.loginConcurrency(), this::login).run().onComplete(loggedIn);
    }
    return Future.succeededFuture();
  }

  /** Whether every page logs in when the shard starts (a churn shard logs in only some of them). */
  protected boolean autoLogin() {
    return true;
  }

  /** Completes the login promise for shards that log in their own way. */
  protected void loginsDone(LoginWave.Result result) {
    loggedIn.tryComplete(result);
  }

  /** The client of the node that page {@code page} (shard-local index) talks to. */
  protected Backend clientOf(int page) {
    return clients.get(settings.nodeOf(settings.population().slice(index, settings.shards())[0] + page));
  }

  /** The rooms a page joins at login. */
  protected List<String> roomsOf(int page) {
    return List.of();
  }

  /** Runs {@code action} on this shard's event loop and hands back its result. */
  public <T> Future<T> onShard(Callable<Future<T>> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.call().onComplete(p);
      } catch (Exception e) {
        p.fail(e);
      }
    });
    return p.future();
  }

  public Future<LoginWave.Result> loggedIn() {
    return loggedIn.future();
  }

  /** Polls held right now. */
  public Future<Long> heldNow() {
    return onShard(() -> Future.succeededFuture(stats.held()));
  }

  /** A copy of the poll statistics so far. */
  public Future<PollStats> pollStats() {
    return onShard(() -> Future.succeededFuture(stats.merge(new PollStats())));
  }

  public Future<JsonObject> reloginCounts() {
    return onShard(() -> Future.succeededFuture(
        new JsonObject().put("relogins", relogins).put("relogin_failures", reloginFailures)));
  }

  /**
   * Stops polling; with {@code logout} every page first goes offline ({@code all=1}) so the next run
   * starts on a router without our users; then closes every connection.
   */
  public Future<Void> shutdown(boolean logout) {
    return onShard(() -> {
      shuttingDown = true;
      pages.forEach(PageSession::stop);
      Future<Void> offline = logout ? logoutAll() : Future.succeededFuture();
      return offline.compose(v -> {
        List<Future<Void>> closes = new ArrayList<>();
        pages.forEach(p -> closes.add(p.closeConnection()));
        return Future.join(closes).otherwiseEmpty()
            .compose(x -> Future.join(clients.stream().map(Backend::close).toList()).mapEmpty());
      });
    });
  }

  private Future<Void> logoutAll() {
    List<PageSession> live = pages.stream().filter(p -> p.ticket() != null).toList();
    return new LoginWave(vertx, live, settings.loginConcurrency(),
        p -> clientOf(p.user()).offline(p.ticket(), true).map(v -> p.ticket()))
        .run().mapEmpty();
  }

  protected Future<String> login(PageSession page) {
    int u = pageUser(page);
    Population p = settings.population();
    return clientOf(page.user()).online(p.name(u), p.nick(u), buddiesOf(page.user()), roomsOf(page.user()));
  }

  /** The buddies a page's user logs in with: ring neighbours in the whole population by default. */
  protected List<String> buddiesOf(int page) {
    return settings.population().buddies(pageUser(pages.get(page)));
  }

  private int pageUser(PageSession page) {
    return settings.population().slice(index, settings.shards())[0] + page.user();
  }

  @Override
  public void onTicketLost(PageSession page) {
    page.loseTicket();
    if (shuttingDown) {
      return;
    }
    relogins++;
    login(page).onComplete(ar -> {
      if (ar.succeeded() && !shuttingDown) {
        page.start(ar.result());
      } else if (ar.failed()) {
        reloginFailures++;
        log.warn("re-login of {} failed: {}", page.name(), ar.cause().toString());
      }
    });
  }
}
