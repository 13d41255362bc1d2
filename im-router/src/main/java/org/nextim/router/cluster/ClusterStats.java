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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link Stats} of a cluster: each member answers its own snapshot at {@code nextim.node.<id>.stats} and
 * its view of a user at {@code nextim.node.<id>.user}; the home directory answers a user's entry.
 */
public final class ClusterStats implements Stats {

  /** A node that has not answered in this long is shown as not reachable. */
  static final long ASK_TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final ClusterNode cluster;
  private final NodeStats here;
  private MessageConsumer<String> consumer;
  private MessageConsumer<JsonObject> userConsumer;

  public ClusterStats(Vertx vertx, ClusterNode cluster, NodeStats here) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.here = here;
  }

  static String address(String node) {
    return "nextim.node." + node + ".stats";
  }

  static String userAddress(String node) {
    return "nextim.node." + node + ".user";
  }

  /** Answers the other nodes' questions; completes once registered. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(address(cluster.id()), msg -> msg.reply(here.snapshot()));
    userConsumer = vertx.eventBus().consumer(userAddress(cluster.id()),
        msg -> msg.reply(here.user(msg.body().getString("domain"), msg.body().getString("name"))));
    return consumer.completion().compose(v -> userConsumer.completion());
  }

  public void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
    if (userConsumer != null) {
      userConsumer.unregister();
    }
  }

  @Override
  public Future<List<JsonObject>> user(String domain, String name) {
    JsonObject question = new JsonObject().put("domain", domain).put("name", name);
    return ask(() -> here.user(domain, name), question, ClusterStats::userAddress);
  }

  @Override
  public Future<JsonObject> home(String domain, String name) {
    return cluster.directoryEntry(domain, name);
  }

  @Override
  public Future<List<JsonObject>> nodes() {
    return ask(here::snapshot, "", ClusterStats::address);
  }

  /** Asks every member (this one directly) at its {@code address}; one answer per member, in id order. */
  private Future<List<JsonObject>> ask(Supplier<JsonObject> self, Object question, Function<String, String> address) {
    List<Future<JsonObject>> answers = new ArrayList<>();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS);
    TreeSet<String> nodes = new TreeSet<>(cluster.members());
    nodes.addAll(cluster.liveNodes());
    for (String node : nodes) {
      if (node.equals(cluster.id())) {
        answers.add(Future.succeededFuture(self.get()));
      } else {
        answers.add(vertx.eventBus().<JsonObject>request(address.apply(node), question, options).map(m -> m.body())
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
