package org.nextim.router.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.nextim.router.RouterConfig;

/**
 * Builds the clustered Vert.x of a router node: Hazelcast on {@code ROUTER_CLUSTER_HOST} only, joining by
 * TCP-IP the members of {@code ROUTER_CLUSTER_MEMBERS}, with multicast and auto-detection off, and the
 * event bus on the same host.
 */
public final class ClusterSetup {

  private ClusterSetup() {
  }

  public static HazelcastClusterManager clusterManager(RouterConfig config) {
    Config hz = ConfigUtil.loadConfig(); // Vert.x's own maps and multimaps
    hz.setClusterName("nextim-router");
    // Without this Hazelcast listens on every interface whatever the interfaces say.
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false"); // Vert.x closes it
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.wait.seconds.before.join", Integer.toString(config.clusterJoinWaitSeconds()));
    // A member that vanishes is declared dead after this long without heartbeats.
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(config.clusterFailureSeconds()));
    // Heartbeats every second: a node that stood still for (failure time - 1 s) may have been given up,
    // which is when it fences itself (ClusterNode).
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    // Hazelcast's own metrics feed its Management Center and JMX, which a router does not use (its series
    // are on GET /metrics); collecting them every 5 s took ~1-2 % of a node's CPU samples under load.
    hz.getMetricsConfig().setEnabled(false);
    HomeDirectory.configure(hz);
    DirectorySerialization.configure(hz);
    NetworkConfig net = hz.getNetworkConfig();
    net.setPort(config.clusterPort()).setPortAutoIncrement(false);
    net.setPublicAddress(config.clusterHost() + ":" + config.clusterPort());
    net.getInterfaces().setEnabled(true).clear().addInterface(config.clusterHost());
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
    return new HazelcastClusterManager(hz);
  }

  public static Future<Vertx> clusteredVertx(RouterConfig config, HazelcastClusterManager manager) {
    VertxOptions options = eventBusOn(config, config.vertxOptions());
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
  }

  /** Puts the cluster's event bus on {@code options}: on the cluster host, at the configured port. */
  public static VertxOptions eventBusOn(RouterConfig config, VertxOptions options) {
    options.getEventBusOptions()
        .setHost(config.clusterHost())
        .setPort(config.eventBusPort())
        .setClusterPublicHost(config.clusterHost());
    return options;
  }
}
