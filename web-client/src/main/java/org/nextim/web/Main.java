package org.nextim.web;

import io.vertx.core.Vertx;
import org.nextim.launcher.ServiceLauncher;

/** {@code java -jar web-client.jar}: configuration from the environment (see {@link WebConfig}). */
public final class Main {

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
    ServiceLauncher.run("web-client", Vertx::vertx, v -> v.deployVerticle(new WebVerticle(config)),
        ServiceLauncher.Limits.DEFAULT);
  }
}
