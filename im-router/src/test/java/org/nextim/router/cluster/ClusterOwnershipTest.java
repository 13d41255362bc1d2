package org.nextim.router.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.RouterVerticle;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestCluster;
import org.nextim.router.testing.TestRouter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who owns a user, decided cluster-wide: concurrent logins of one user through every node end on one
 * home, and two buddies who log in at the same instant on different nodes each see the other online.
 */
@Timeout(120)
class ClusterOwnershipTest {

  private static final long WAIT = 5000;

  private static TestCluster cluster;
  private List<RouterVerticle> routers;
  private List<RestClient> nodes;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start(3);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void deployRouters() {
    routers = cluster.redeploy(TestRouter.defaults().setPollTimeoutMs(3000).setIdleTimeoutMs(10_000)).stream()
        .map(TestCluster.Deployed::router).toList();
    nodes = TestCluster.clients(routers);
  }

  private static String nodeOf(String ticket) {
    return ticket.substring(0, ticket.indexOf('.'));
  }

  @Test
  void concurrentLoginsOfOneUserThroughEveryNodeEndOnOneHome() {
    int users = 40;
    List<List<CompletableFuture<Reply>>> logins = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      List<CompletableFuture<Reply>> tabs = new ArrayList<>();
      for (RestClient node : nodes) {
        tabs.add(node.postAsync("/presences/online", "name", "u" + u, "nick", "U" + u, "buddies", ""));
      }
      logins.add(tabs);
    }
    for (int u = 0; u < users; u++) {
      Set<String> homes = new HashSet<>();
      for (CompletableFuture<Reply> tab : logins.get(u)) {
        Reply reply = RestClient.await(tab);
        assertEquals(200, reply.status(), reply.body());
        homes.add(nodeOf(reply.json().getString("ticket")));
      }
      assertEquals(1, homes.size(), "u" + u + " has one home, not " + homes);
    }
    for (RestClient node : nodes) {
      StringBuilder names = new StringBuilder();
      for (int u = 0; u < users; u++) {
        names.append(u == 0 ? "" : ",").append("u").append(u);
      }
      assertEquals(names.toString(), node.get("/onlines", "names", names.toString()).body(), "every node agrees");
    }
  }

  @Test
  void buddiesWhoLogInAtTheSameInstantOnTwoNodesSeeEachOther() {
    int pairs = 60;
    List<CompletableFuture<Page>> a = new ArrayList<>();
    List<CompletableFuture<Page>> b = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      a.add(nodes.get(i % 3).loginAsync("a" + i, "buddies", "b" + i));
      b.add(nodes.get((i + 1) % 3).loginAsync("b" + i, "buddies", "a" + i));
    }
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      Page pa = RestClient.await(a.get(i));
      Page pb = RestClient.await(b.get(i));
      if (!seesOnline(pa, "b" + i)) {
        missing.add("a" + i + " never saw b" + i);
      }
      if (!seesOnline(pb, "a" + i)) {
        missing.add("b" + i + " never saw a" + i);
      }
    }
    assertEquals(List.of(), missing);
  }

  /** In the login reply, or as an online presence soon after. */
  private static boolean seesOnline(Page page, String buddy) {
    JsonObject buddies = page.login().getJsonObject("buddies");
    if (buddies.containsKey(buddy)) {
      return true;
    }
    return page.awaitPackets(in -> in.hasPresence(buddy, "online"), WAIT).hasPresence(buddy, "online");
  }

  @Test
  void aTicketOfANodeThatIsNotInTheClusterIs404AtOnce() {
    long start = System.nanoTime();
    Reply poll = nodes.get(0).rawGet("/packets?domain=" + TestRouter.DOMAIN + "&ticket=0000-gone.abcdefghijklmnop");
    assertEquals(404, poll.status());
    assertEquals("invalid_ticket", poll.json().getString("error"));
    Reply call = nodes.get(1).post("/presences/show", "ticket", "0000-gone.abcdefghijklmnop", "show", "away");
    assertEquals(404, call.status());
    assertEquals("invalid ticket.", call.body());
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "no waiting on a node that is not there");
  }
}
