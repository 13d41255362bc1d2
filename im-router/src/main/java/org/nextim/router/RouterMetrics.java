package org.nextim.router;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.nextim.router.core.Hub;
import org.nextim.router.core.Page;

import java.util.ArrayList;
import java.util.List;

/**
 * The router's Prometheus series: what Vert.x reports of itself (HTTP server, event bus, pools, when
 * Vert.x was built with {@link org.nextim.launcher.ServiceMetrics#vertxBuilder}), the cluster's links ({@code nextim_link_*}), and gauges
 * read from the hub at each scrape, so the hot path pays nothing for them. Served at {@code GET /metrics}
 * in the Prometheus text format.
 */
public final class RouterMetrics {

  private RouterMetrics() {
  }

  /** Users, pages and held polls of this node, read at each scrape; run the answer before scraping. */
  static Runnable bindHub(PrometheusMeterRegistry registry, Hub hub) {
    Gauge.builder("nextim.pages", hub, Hub::pageCount).description("Pages (browser tabs) held on this node")
        .register(registry);
    Gauge.builder("nextim.polls.held", hub, RouterMetrics::heldPolls)
        .description("Long polls held open on this node now").register(registry);
    MultiGauge users = MultiGauge.builder("nextim.users.online")
        .description("Users whose home is this node, by domain").register(registry);
    return () -> {
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      hub.usersByDomain().forEach((domain, n) -> rows.add(MultiGauge.Row.of(Tags.of("domain", domain), n)));
      users.register(rows, true);
    };
  }

  private static double heldPolls(Hub hub) {
    int n = 0;
    for (Page page : hub.pages()) {
      if (page.holdsPoll()) {
        n++;
      }
    }
    return n;
  }
}
