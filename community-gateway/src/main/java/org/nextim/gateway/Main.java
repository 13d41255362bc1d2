package org.nextim.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import org.nextim.launcher.ServiceLauncher;
import org.nextim.launcher.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar community-gateway.jar}: configuration from the environment, then the JSON file
 * {@code GATEWAY_CONFIG_FILE} names (see {@link GatewaySettings} and docs/configuration.md).
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    GatewayConfig config = ServiceLauncher.configuration("community-gateway", System.getenv(), GatewayConfig::fromEnv);
    if (config.generatedSecrets()) {
      log.warn("demo mode: generated a random JWT secret and site API key for this run (site API key: {})",
          config.siteApiKey());
    }
    PrometheusMeterRegistry metrics = ServiceMetrics.newRegistry();
    ServiceLauncher.run("community-gateway", () -> ServiceMetrics.vertxBuilder(new VertxOptions(), metrics).build(),
        v -> v.deployVerticle(new GatewayVerticle(config, metrics)),
        ServiceLauncher.Limits.DEFAULT);
  }
}
