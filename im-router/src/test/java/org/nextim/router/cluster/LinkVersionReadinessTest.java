package org.nextim.router.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An upgrade across link protocol versions: a node started among members of another version has no
 * link to them, so it must not take traffic. It stays unready, naming them, until they have left.
 */
@Timeout(90)
class LinkVersionReadinessTest {

  /** The cluster check's data of {@code /health/ready} once it names {@code node}; fails after 20 s. */
  private static Reply readyOnceItNames(RestClient rest, String node) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      Reply ready = rest.get("/health/ready");
      JsonObject data = new JsonObject(ready.body()).getJsonArray("checks").getJsonObject(0).getJsonObject("data");
      if (data != null && data.getJsonArray("otherLinkVersions", new JsonArray()).contains(node)) {
        return ready;
      }
      if (System.nanoTime() > deadline) {
        fail("/health/ready never named " + node + ": " + ready.body());
      }
      Thread.sleep(25); // the refusal is recorded when the greeting's answer comes back
    }
  }

  @Test
  void aNodeAmongMembersOfAnotherLinkVersionStaysUnreadyUntilTheyLeave() throws Exception {
    TestCluster cluster = TestCluster.start(2);
    try {
      TestCluster.Member newer = cluster.members().get(1);
      String newerId = newer.manager().getNodeId();
      // Member 1 plays a node of the next link version: it refuses every greeting, as such a node does.
      CompletableFuture<Void> refused = new CompletableFuture<>();
      MessageConsumer<Buffer> control = newer.vertx().eventBus().consumer(ClusterNode.controlAddress(newerId), m -> {
        m.fail(LinkProtocol.VERSION_MISMATCH, "link protocol v" + LinkProtocol.VERSION + " refused: this node speaks v"
            + (LinkProtocol.VERSION + 1));
        refused.complete(null);
      });
      control.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      TestCluster.Member first = cluster.members().get(0);
      RouterVerticle router = new RouterVerticle(
          TestRouter.defaults().setClusterFailureSeconds(TestCluster.FAILURE_SECONDS), first.manager());
      first.vertx().deployVerticle(router).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      RestClient rest = new RestClient("http://127.0.0.1:" + router.actualPort(), TestRouter.DOMAIN, TestRouter.APIKEY);
      refused.get(20, TimeUnit.SECONDS);

      Reply unready = readyOnceItNames(rest, newerId);
      assertEquals(503, unready.status(), unready::body);
      JsonObject data = new JsonObject(unready.body()).getJsonArray("checks").getJsonObject(0).getJsonObject("data");
      assertFalse(data.getBoolean("hasClusterState"), unready::body);
      Reply login = rest.post("/presences/online", "name", "alice", "nick", "Alice");
      assertEquals(503, login.status(), "no traffic taken while it lacks that member's state: " + login);

      // The member of the other version leaves (the old cluster is gone): now it takes traffic.
      newer.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      router.cluster().whenLive(1).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Reply ready = rest.get("/health/ready");
      assertEquals(200, ready.status(), ready::body);
      assertTrue(new JsonObject(ready.body()).getJsonArray("checks").getJsonObject(0).getJsonObject("data")
          .getJsonArray("otherLinkVersions").isEmpty(), ready::body);
      assertEquals(200, rest.post("/presences/online", "name", "alice", "nick", "Alice")
          .status());
    } finally {
      cluster.close();
    }
  }
}
