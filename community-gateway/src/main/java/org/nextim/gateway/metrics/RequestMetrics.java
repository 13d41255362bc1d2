package org.nextim.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code nextim_gateway_requests_total{action, status}}: a route handler in front of {@code /webim/*}
 * that counts each reply by the browser call's name ({@code /webim/<action>}, or the bundle's
 * {@code im.php?webim_action=}) and its status. Names outside the known actions count as
 * {@code unknown}, so a scanner cannot grow the series; a status's counter is made at its first use and
 * kept (a few per action).
 */
public final class RequestMetrics implements Handler<RoutingContext> {

  static final String UNKNOWN = "unknown";
  private static final String PREFIX = "/webim/";

  /** One action's counters, indexed by status. */
  private final class Action {
    private final String name;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

    Action(String name) {
      this.name = name;
    }

    void count(int status) {
      Counter c = byStatus.get(status);
      if (c == null) {
        // Registering twice yields the same counter: a race here only costs a lookup.
        c = Counter.builder("nextim.gateway.requests").description("Browser API replies by call and status")
            .tag("action", name).tag("status", Integer.toString(status)).register(registry);
        byStatus.set(status, c);
      }
      c.increment();
    }
  }

  private final MeterRegistry registry;
  private final Map<String, Action> actions = new HashMap<>();
  private final Action unknown;

  /** {@code names}: every call the browser API serves. */
  public RequestMetrics(MeterRegistry registry, Set<String> names) {
    this.registry = registry;
    names.forEach(n -> actions.put(n, new Action(n)));
    unknown = new Action(UNKNOWN);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Action action = action(ctx);
    ctx.addEndHandler(v -> {
      int status = ctx.response().getStatusCode();
      if (status >= 100 && status < 600) {
        action.count(status);
      }
    });
    ctx.next();
  }

  private Action action(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String name = path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : "";
    if ("im.php".equals(name)) {
      name = ctx.request().getParam("webim_action");
    }
    return name == null ? unknown : actions.getOrDefault(name, unknown);
  }
}
