package org.nextim.router.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.nextim.router.RouterConfig;
import org.nextim.router.RouterVerticle;
import org.nextim.router.cluster.ClusterSetup;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Clustered Vert.x instances in this JVM, Hazelcast on 127.0.0.1 with pre-picked free ports, and a
 * router deployed on each. {@link #shared(int)} keeps one set of instances for the whole test run (a
 * cluster forms in seconds; deploying a fresh router on it takes milliseconds).
 */
public final class TestCluster implements AutoCloseable {

  /** One clustered Vert.x instance: its cluster manager and its Hazelcast port. */
  public record Member(Vertx vertx, HazelcastClusterManager manager, int hazelcastPort) {
  }

  /** A router deployed on a member. */
  public record Deployed(Member member, RouterVerticle router, String deploymentId) {
  }

  /** Seconds without heartbeat before a member is declared dead, in tests. */
  public static final int FAILURE_SECONDS = 4;

  private final List<Member> members;
  private List<Deployed> current = List.of();

  private TestCluster(List<Member> members) {
    this.members = members;
  }

  /** Starts {@code n} clustered Vert.x instances that form one cluster. */
  public static TestCluster start(int n) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ports.add(freePort());
    }
    StringBuilder join = new StringBuilder();
    ports.forEach(p -> join.append(join.length() == 0 ? "" : ",").append("127.0.0.1:").append(p));
    List<Member> members = new ArrayList<>();
    for (int port : ports) {
      members.add(startMember(port, join.toString()));
    }
    return new TestCluster(members);
  }

  /** Starts one more clustered Vert.x instance that joins {@code join} ("host:port,..."). */
  public static Member startMember(int hazelcastPort, String join) {
    RouterConfig config = clusterConfig(hazelcastPort, join);
    HazelcastClusterManager manager = ClusterSetup.clusterManager(config);
    Vertx vertx = await(ClusterSetup.clusteredVertx(config, manager));
    return new Member(vertx, manager, hazelcastPort);
  }

  /** Cluster settings for a member: loopback, short join wait. */
  public static RouterConfig clusterConfig(int hazelcastPort, String join) {
    return TestRouter.defaults().setCluster(true).setClusterHost("127.0.0.1").setClusterPort(hazelcastPort)
        .setClusterMembers(join).setClusterJoinWaitSeconds(1).setClusterFailureSeconds(FAILURE_SECONDS);
  }

  public List<Member> members() {
    return members;
  }

  /** Deploys a router on each member and waits until each sees all the others. */
  public List<RouterVerticle> deploy(RouterConfig config) {
    config.setClusterFailureSeconds(FAILURE_SECONDS); // what the members' Hazelcast was given
    List<RouterVerticle> routers = new ArrayList<>();
    for (Member m : members) {
      RouterVerticle router = new RouterVerticle(config, m.manager());
      await(m.vertx().deployVerticle(router));
      routers.add(router);
    }
    awaitMesh(routers);
    return routers;
  }

  /** A REST client of the test domain for each router, in order. */
  public static List<RestClient> clients(List<RouterVerticle> routers) {
    return routers.stream()
        .map(r -> new RestClient("http://127.0.0.1:" + r.actualPort(), TestRouter.DOMAIN, TestRouter.APIKEY))
        .toList();
  }

  /** The index of the router whose node holds the page (a ticket starts with its home's node id). */
  public static int homeOf(List<RouterVerticle> routers, Page page) {
    for (int i = 0; i < routers.size(); i++) {
      if (page.ticket().startsWith(routers.get(i).cluster().id() + ".")) {
        return i;
      }
    }
    throw new AssertionError("ticket names no node: " + page.ticket());
  }

  /**
   * A new user whose home is router {@code node}: logs in {@code prefix + i} through {@code via} (the
   * node's client) for i = 0, 1, … until one lands there (a new user's login lands where it arrives).
   */
  public static Page homedAt(List<RouterVerticle> routers, RestClient via, int node, String prefix,
                             String... params) {
    for (int i = 0; ; i++) {
      Page p = via.login(prefix + i, params);
      if (homeOf(routers, p) == node) {
        return p;
      }
    }
  }

  /** Waits until every router counts every router as live. */
  public static void awaitMesh(List<RouterVerticle> routers) {
    for (RouterVerticle r : routers) {
      await(r.cluster().whenLive(routers.size()));
    }
  }

  /**
   * Undeploys the routers of the previous test (tests leave them; only Vert.x instances of their own are
   * closed for them) and deploys fresh ones: one test router at a time on the shared cluster.
   */
  public synchronized List<Deployed> redeploy(RouterConfig config) {
    config.setClusterFailureSeconds(FAILURE_SECONDS);
    for (Deployed d : current) {
      await(d.member().vertx().undeploy(d.deploymentId()));
    }

    // All at once: each new router greets the others' new routers, not addresses that just went away.
    List<RouterVerticle> routers = new ArrayList<>();
    List<Future<String>> ids = new ArrayList<>();
    for (Member m : members) {
      RouterVerticle router = new RouterVerticle(config, m.manager());
      routers.add(router);
      ids.add(m.vertx().deployVerticle(router));
    }
    List<Deployed> fresh = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      fresh.add(new Deployed(members.get(i), routers.get(i), await(ids.get(i))));
    }
    current = fresh;
    awaitMesh(fresh.stream().map(Deployed::router).toList());
    return fresh;
  }

  @Override
  public void close() {
    for (Member m : members) {
      try {
        await(m.vertx().close());
      } catch (AssertionError e) {
        // already closed (a test killed it)
      }
    }
  }

  /** Kills a member abruptly: Hazelcast stops without saying goodbye, as when a process dies. */
  public static void crash(Member m) {
    m.manager().getHazelcastInstance().getLifecycleService().terminate();
    await(m.vertx().close()); // gone: its HTTP servers and event bus no longer answer
  }

  /**
   * Makes a member stand still for {@code ms}: every event loop of its Vert.x sleeps (a GC pause as its
   * router sees it), while Hazelcast's own threads go on, so the cluster still counts it as a member.
   * Returns at once.
   */
  public static void stall(Member m, long ms) {
    for (io.netty.util.concurrent.EventExecutor loop : ((io.vertx.core.internal.VertxInternal) m.vertx()).nettyEventLoopGroup()) {
      loop.execute(() -> {
        try {
          Thread.sleep(ms);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
  }

  /**
   * A free port for Hazelcast, below the ephemeral range (32768 and up on Linux): a port picked there
   * could be taken by any outgoing connection (a load generator opens thousands) before Hazelcast
   * binds it.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new AssertionError("no free port between 20000 and 32000");
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("cluster operation failed", e);
    }
  }

  /** One cluster of {@code n} members for the whole JVM, closed when it exits. */
  public static TestCluster shared(int n) {
    return Shared.get(n);
  }

  private static final class Shared {
    private static TestCluster cluster;

    static synchronized TestCluster get(int n) {
      if (cluster == null) {
        cluster = TestCluster.start(n);
        TestCluster c = cluster;
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "test-cluster-close"));
      }
      return cluster;
    }
  }
}
