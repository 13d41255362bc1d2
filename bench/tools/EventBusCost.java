import com.hazelcast.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clustered event bus's own cost on this machine: CPU per one-way message (250 bytes, like a batch)
 * and its one-way answer (40 bytes, like an acknowledgement) between two clustered Vert.x (Hazelcast on
 * 127.0.0.1, one event loop each) in this process. A periodic timer sends {@code rate / 1000} messages
 * per millisecond; each round measures the process's CPU minus its idle CPU. Run by bench/tools/run.sh.
 *
 * <p>Arguments: messages per second, seconds per round, rounds.
 */
public class EventBusCost {
  static HazelcastClusterManager hz(int port, String members) {
    Config c = ConfigUtil.loadConfig();
    c.setClusterName("ebcost");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "none");
    c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    c.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(members);
    return new HazelcastClusterManager(c);
  }
  static Vertx node(int port, String members) throws Exception {
    VertxOptions o = new VertxOptions().setEventLoopPoolSize(1);
    o.getEventBusOptions().setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1");
    return Vertx.builder().with(o).withClusterManager(hz(port, members)).buildClustered()
        .toCompletionStage().toCompletableFuture().get();
  }
  /** A port free now, for a Hazelcast member (members join by address, so their ports must be known). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
  static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int portA = freePort(), portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    Vertx a = node(portA, members), b = node(portB, members);
    Buffer body = Buffer.buffer(new byte[250]);
    Buffer ack = Buffer.buffer(new byte[40]);
    AtomicLong acks = new AtomicLong();
    b.eventBus().<Buffer>consumer("b.in", m -> b.eventBus().send("a.ack", ack)).completion().toCompletionStage().toCompletableFuture().get();
    a.eventBus().<Buffer>consumer("a.ack", m -> acks.incrementAndGet()).completion().toCompletionStage().toCompletableFuture().get();
    // The consumers' registrations travel through Hazelcast: probe until the first answer comes back.
    for (int i = 0; acks.get() == 0; i++) {
      if (i == 300) {
        throw new IllegalStateException("no answer from the other node in 30 s");
      }
      a.eventBus().send("b.in", body);
      Thread.sleep(100);
    }
    for (int round = 0; round < rounds; round++) {
      // idle
      long c0 = cpu(); long t0 = System.nanoTime(); Thread.sleep(5000);
      double idlePerSec = (cpu() - c0) / ((System.nanoTime() - t0) / 1e9);
      long n0 = acks.get(); c0 = cpu(); t0 = System.nanoTime();
      long period = Math.max(1, 1000 / rate);
      int perTick = Math.max(1, rate / 1000);
      long timer = a.setPeriodic(period, id -> { for (int i = 0; i < perTick; i++) a.eventBus().send("b.in", body); });
      Thread.sleep(seconds * 1000L);
      a.cancelTimer(timer);
      Thread.sleep(200);
      double secs = (System.nanoTime() - t0) / 1e9;
      long n = acks.get() - n0;
      long used = cpu() - c0;
      double busy = used - idlePerSec * secs;
      System.out.printf("rate %d/s: %d message+answer pairs, %.1f %% of a core (idle %.1f %%), %.1f us CPU per pair%n",
          rate, n, 100 * used / 1e9 / secs, 100 * idlePerSec / 1e9, busy / 1000.0 / n);
    }
    a.close(); b.close();
    System.exit(0);
  }
}
