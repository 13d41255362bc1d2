package org.nextim.router.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.nextim.router.admin.NodeStats;
import org.nextim.router.admin.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@link Stats} of a cluster: each member answers its own snapshot at {@code nextim.node.<id>.stats}. */
public final class ClusterStats implements Stats {

  /** A node that has not answered in this long is shown as not reachable. */
  static final long ASK_TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final ClusterNode cluster;
  private final NodeStats here;
  private MessageConsumer<String> consumer;

  public ClusterStats(Vertx vertx, ClusterNode cluster, NodeStats here) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.here = here;
  }

  static String address(String node) {
    return "nextim.node." + node + ".stats";
  }

  /** Answers the other nodes' questions; completes once registered. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(address(cluster.id()), msg -> msg.reply(here.snapshot()));
    return consumer.completion();
  }

  public void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
  }

  @Override
  public Future<List<JsonObject>> nodes() {
    List<Future<JsonObject>> answers = new ArrayList<>();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS);
    TreeSet<String> nodes = new TreeSet<>(cluster.members());
    nodes.addAll(cluster.liveNodes());
    for (String node : nodes) {
      if (node.equals(cluster.id())) {
        answers.add(Future.succeededFuture(here.snapshot()));
      } else {
        answers.add(vertx.eventBus().<JsonObject>request(address(node), "", options).map(m -> m.body())
            .otherwise(e -> new JsonObject().put("node", node).put("reachable", false).put("error", e.getMessage())));
      }
    }
    return Future.all(answers).map(all -> {
      List<JsonObject> out = new ArrayList<>();
      for (Future<JsonObject> f : answers) {
        out.add(f.result());
      }
      return out;
    });
  }
}
