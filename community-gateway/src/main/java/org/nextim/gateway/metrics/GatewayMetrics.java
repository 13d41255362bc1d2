package org.nextim.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.nextim.gateway.service.OfflineMessageEvents;

/**
 * The gateway's Prometheus series, served at {@code GET /metrics}: Vert.x's own (HTTP server and client,
 * pools; when Vert.x was built with {@link org.nextim.launcher.ServiceMetrics#vertxBuilder}) and the JVM's, the browser API's requests
 * ({@link RequestMetrics}), the router calls ({@link RouterCallMetrics}), the database pool (HikariCP's
 * Micrometer tracker) and transactions, and the offline messages. Every meter the hot path touches is
 * resolved once; a request pays a map lookup and an increment.
 */
public final class GatewayMetrics implements OfflineMessageEvents {

  private final PrometheusMeterRegistry registry;
  private final Counter offlineStored;
  private final Counter offlineDelivered;
  private final RouterCallMetrics routerCalls;

  public GatewayMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.offlineStored = Counter.builder("nextim.gateway.offline.messages.stored")
        .description("Unicast messages kept for their recipient's next sign-in").register(registry);
    this.offlineDelivered = Counter.builder("nextim.gateway.offline.messages.delivered")
        .description("Kept messages handed to their recipient at sign-in").register(registry);
    this.routerCalls = new RouterCallMetrics(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public RouterCallMetrics routerCalls() {
    return routerCalls;
  }

  @Override
  public void stored() {
    offlineStored.increment();
  }

  @Override
  public void delivered(int n) {
    if (n > 0) {
      offlineDelivered.increment(n);
    }
  }
}
