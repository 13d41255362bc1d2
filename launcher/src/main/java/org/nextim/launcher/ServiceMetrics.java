package org.nextim.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * The registry a service's {@code GET /metrics} serves, and the Vert.x that reports its own series (HTTP
 * server and client, event bus, pools) and the JVM's to it: built the same way by the three services'
 * {@code main}s. Each service (and each test) gets its own registry; nothing is global.
 */
public final class ServiceMetrics {

  private ServiceMetrics() {
  }

  /** A new registry for one service. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** A Vert.x builder on {@code options} whose Vert.x reports its own series (and the JVM's) to {@code registry}. */
  public static VertxBuilder vertxBuilder(VertxOptions options, PrometheusMeterRegistry registry) {
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }
}
