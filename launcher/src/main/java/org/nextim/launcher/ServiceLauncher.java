package org.nextim.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * How a service's {@code main} starts and stops, the same for the router, the gateway and the web
 * client. The configuration is read first ({@link #configuration}): a bad value ends the process with code 1
 * and one line naming it. A SIGTERM may come at any moment (while Vert.x is built, while the service starts — a database
 * migration —, or while it serves) and ends the process within bounds; a start that fails or takes too
 * long exits with code 1. Nothing here ever blocks an event loop: the waiting happens on the main thread
 * and on the shutdown hook's thread, each bounded, and {@code System.exit} is never called on a Vert.x
 * thread (doing so while the hook waits for that thread hangs the JVM for good).
 */
public final class ServiceLauncher {

  /** What a main runs on its Vert.x. */
  public interface Service {
    /** Starts serving; the future completes when the service serves (or fails). */
    Future<?> start(Vertx vertx);

    /** A planned stop's work before Vert.x closes (a router node hands its pages over). */
    default Future<?> drain() {
      return Future.succeededFuture();
    }
  }

  /** How long a start, a drain and the closing of Vert.x may take. */
  public record Limits(Duration start, Duration drain, Duration close) {
    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(120), Duration.ofSeconds(10),
        Duration.ofSeconds(10));
  }

  private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

  private final String name;
  private final Limits limits;
  private final CountDownLatch built = new CountDownLatch(1);
  private volatile Vertx vertx;
  private volatile Service started;
  private volatile boolean stopping;

  private ServiceLauncher(String name, Limits limits) {
    this.name = name;
    this.limits = limits;
  }

  /**
   * Builds Vert.x with {@code vertx}, starts {@code service} on it, and returns once it serves; the
   * process then lives until it is stopped. Exits with 1 when the start fails or exceeds its limit.
   */
  public static void run(String name, Callable<Vertx> vertx, Service service, Limits limits) {
    new ServiceLauncher(name, limits).launch(vertx, service);
  }

  /**
   * The service's configuration, read by {@code read} from {@code env} (the process's environment). A bad
   * value ({@link IllegalArgumentException}, e.g. a {@link org.nextim.launcher.config.ConfigException}) ends
   * the process with code 1 and one line on stderr, {@code NAME: bad configuration: MESSAGE}: the message
   * names the variable, a stack trace would only hide it.
   */
  public static <T> T configuration(String name, Map<String, String> env, Function<Map<String, String>, T> read) {
    try {
      return read.apply(env);
    } catch (IllegalArgumentException e) {
      System.err.println(name + ": bad configuration: " + e.getMessage());
      System.err.flush();
      System.exit(1);
      throw e; // not reached
    }
  }

  /** Exits with {@code code} from a thread of its own (callable from an event loop). */
  public static void exitLater(int code, String why) {
    log.warn("exiting with code {}: {}", code, why);
    Thread t = new Thread(() -> System.exit(code), "exit-" + code);
    t.setDaemon(false);
    t.start();
  }

  private void launch(Callable<Vertx> factory, Service service) {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, name + "-shutdown"));
    try {
      vertx = factory.call();
    } catch (Exception e) {
      failed("could not build Vert.x", e);
      return;
    } finally {
      built.countDown();
    }
    if (stopping) {
      return; // the hook closes it
    }
    Future<?> start;
    try {
      start = service.start(vertx);
    } catch (RuntimeException e) {
      failed("failed to start", e);
      return;
    }
    Throwable failure = await(start, limits.start());
    if (failure != null) {
      failed(start.isComplete() ? "failed to start" : "did not start within " + limits.start().toSeconds() + " s",
          failure);
      return;
    }
    started = service;
  }

  private void failed(String what, Throwable e) {
    if (stopping) {
      log.info("{} stopped while starting", name);
      return; // a SIGTERM came first: the hook is stopping the process
    }
    log.error("{} {}", name, what, e);
    closeVertx();
    System.exit(1); // on the main thread, never on an event loop
  }

  /** The shutdown hook: drain what started, close Vert.x, each within its limit. */
  private void stop() {
    stopping = true;
    try {
      if (!built.await(limits.close().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{} stopping while Vert.x is still being built; not waiting for it", name);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Service service = started;
    if (service != null) {
      log.info("{} stopping", name);
      Throwable failure = await(service.drain(), limits.drain());
      if (failure != null) {
        log.warn("{}: the planned stop's work did not finish: {}", name, failure.toString());
      }
    }
    closeVertx();
  }

  private void closeVertx() {
    Vertx v = vertx;
    if (v == null) {
      return;
    }
    Throwable failure = await(v.close(), limits.close());
    if (failure != null) {
      log.warn("{}: Vert.x did not close within {} s: {}", name, limits.close().toSeconds(), failure.toString());
    }
  }

  /** Waits for {@code f} at most {@code limit}; null when it succeeded, else why not. */
  private static Throwable await(Future<?> f, Duration limit) {
    try {
      f.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (TimeoutException e) {
      return new IllegalStateException("not done within " + limit.toMillis() + " ms");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }
}
