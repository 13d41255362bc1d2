package org.nextim.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.HashMap;
import java.util.Map;

/**
 * The web client's Prometheus series, served at {@code GET /metrics}: Vert.x's own (HTTP server; when
 * Vert.x was built with {@link org.nextim.launcher.ServiceMetrics#vertxBuilder}), the JVM's, the demo's page views by page
 * ({@code nextim_web_page_views_total{page}}) and the loads of the widget's entry module by any site
 * that embeds it ({@code nextim_web_widget_loads_total}). Each counter is resolved once.
 */
public final class WebMetrics {

  private final PrometheusMeterRegistry registry;
  private final Counter widgetLoads;
  private final Map<String, Counter> pageViews = new HashMap<>();

  public WebMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.widgetLoads = Counter.builder("nextim.web.widget.loads")
        .description("Requests for the widget's entry module (webim.js): pages of any site that start the widget")
        .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The view counter of one demo page ({@code home}, {@code members}, {@code group}); call while routes are built. */
  Counter page(String page) {
    return pageViews.computeIfAbsent(page, p -> Counter.builder("nextim.web.page.views").tag("page", p)
        .description("Demo community pages served, by page").register(registry));
  }

  void widgetLoaded() {
    widgetLoads.increment();
  }
}
