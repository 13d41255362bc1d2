package org.nextim.router;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;

/** The router service: one HTTP server in front of one {@code RouterNode}. */
public final class RouterVerticle extends VerticleBase {

  private final RouterConfig config;
  private HttpServer server;

  public RouterVerticle(RouterConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer();
    server.requestHandler(req -> req.response().setStatusCode(404).end());
    return server.listen(config.port(), config.host());
  }

  /** The port the HTTP server listens on (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
