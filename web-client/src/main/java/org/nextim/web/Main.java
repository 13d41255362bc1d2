package org.nextim.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import org.nextim.launcher.ServiceLauncher;
import org.nextim.launcher.ServiceMetrics;

/**
 * {@code java -jar web-client.jar}: configuration from the environment, then the JSON file
 * {@code WEB_CONFIG_FILE} names (see {@link WebSettings} and docs/configuration.md).
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    WebConfig config = ServiceLauncher.configuration("web-client", System.getenv(), WebConfig::fromEnv);
    PrometheusMeterRegistry metrics = ServiceMetrics.newRegistry();
    ServiceLauncher.run("web-client", () -> ServiceMetrics.vertxBuilder(new VertxOptions(), metrics).build(),
        v -> v.deployVerticle(new WebVerticle(config, metrics)), ServiceLauncher.Limits.DEFAULT);
  }
}
