package org.nextim.gateway;

import io.vertx.core.Vertx;
import org.nextim.launcher.ServiceLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar community-gateway.jar}: configuration from the environment (see {@link GatewayConfig}). */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    GatewayConfig config;
    try {
      config = GatewayConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("community-gateway: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config.generatedSecrets()) {
      log.warn("demo mode: generated a random JWT secret and site API key for this run (site API key: {})",
          config.siteApiKey());
    }
    ServiceLauncher.run("community-gateway", Vertx::vertx, v -> v.deployVerticle(new GatewayVerticle(config)),
        ServiceLauncher.Limits.DEFAULT);
  }
}
