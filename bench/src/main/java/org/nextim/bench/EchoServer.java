package org.nextim.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * The trivial baseline: a Vert.x HTTP server (the router's server options, one server per event loop)
 * that reads each request's body and answers {@code ok}. What the generator gets out of it is what this
 * machine's HTTP stack allows, with no application work at all.
 */
public final class EchoServer {

  private EchoServer() {
  }

  public static JsonObject run(BenchArgs args) throws Exception {
    String host = args.string("host", "127.0.0.1");
    int port = args.integer("port", 8001, 1, 65535);
    int loops = args.integer("event-loops", Runtime.getRuntime().availableProcessors(), 1, 64);
    long seconds = args.longValue("seconds", 600, 1, 86_400);
    args.rejectUnknown();
    if (!host.startsWith("127.")) {
      throw new IllegalArgumentException("--host must be a 127.x.x.x address");
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    GeneratorProcess.await(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false).setTcpNoDelay(true)
                .setIdleTimeout(0).setAcceptBacklog(4096))
            .requestHandler(req -> req.body().onComplete(b -> req.response()
                .putHeader("Content-Type", "text/plain; charset=utf-8").end("ok")))
            .listen(port, host);
      }
    }, new DeploymentOptions().setInstances(loops)), 30_000);
    System.err.println("echo-server listening on " + host + ":" + port);
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    GeneratorProcess.await(vertx.close(), 10_000);
    return new JsonObject().put("scenario", "echo-server").put("parameters", args.effective());
  }
}
