package org.nextim.router;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.nextim.router.core.Hub;
import org.nextim.router.core.Page;

import java.util.ArrayList;
import java.util.List;

/**
 * The router's Prometheus series: what Vert.x reports of itself (HTTP server, event bus, pools, when
 * Vert.x was built with {@link #vertxOptions}), the cluster's links ({@code nextim_link_*}), and gauges
 * read from the hub at each scrape, so the hot path pays nothing for them. Served at {@code GET /metrics}
 * in the Prometheus text format.
 */
public final class RouterMetrics {

  private RouterMetrics() {
  }

  /** A new registry for one router (tests and embedded routers get their own; nothing is global). */
  public static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** A Vert.x builder on {@code options} whose Vert.x reports its own series (and the JVM's) to {@code registry}. */
  public static VertxBuilder vertxBuilder(VertxOptions options, PrometheusMeterRegistry registry) {
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
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

  /** {@code GET /metrics} from {@code registry}; every other request goes to {@code api}. */
  static Handler<HttpServerRequest> serving(PrometheusMeterRegistry registry, Runnable refresh,
                                            Handler<HttpServerRequest> api) {
    return req -> {
      if (!"/metrics".equals(req.path())) {
        api.handle(req);
        return;
      }
      if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
        req.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
        return;
      }
      refresh.run();
      req.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
          .end(registry.scrape());
    };
  }
}
