package org.nextim.web;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar web-client.jar}: configuration from the environment (see {@link WebConfig}). */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    WebConfig config;
    try {
      config = WebConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("web-client: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new WebVerticle(config)).onFailure(e -> {
      log.error("web-client failed to start", e);
      vertx.close();
      System.exit(1);
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("web-client stopping");
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }, "web-shutdown"));
  }
}
