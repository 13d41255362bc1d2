package org.nextim.web;

import io.vertx.core.Vertx;
import org.nextim.launcher.ServiceLauncher;

/**
 * {@code java -jar web-client.jar}: configuration from the environment, then the JSON file
 * {@code WEB_CONFIG_FILE} names (see {@link WebSettings} and docs/configuration.md).
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    WebConfig config = ServiceLauncher.configuration("web-client", System.getenv(), WebConfig::fromEnv);
    ServiceLauncher.run("web-client", Vertx::vertx, v -> v.deployVerticle(new WebVerticle(config)),
        ServiceLauncher.Limits.DEFAULT);
  }
}
