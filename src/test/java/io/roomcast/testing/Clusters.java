package io.roomcast.testing;

import com.hazelcast.config.Config;
import io.roomcast.server.ClusterConfig;
import io.roomcast.server.RoomcastClusterManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.UUID;

/** Clustered Vert.x instances in this JVM, on the repo's conf/cluster.xml with a cluster name of their own. */
public final class Clusters {

  private Clusters() {
  }

  /** A cluster name no other test uses. */
  public static String randomName() {
    return "roomcast-test-" + UUID.randomUUID();
  }

  /** The first Hazelcast port of a test cluster: one range of 20 per cluster name, from 6100 up. */
  public static int basePort(String clusterName) {
    return 6100 + Math.floorMod(clusterName.hashCode(), 150) * 20;
  }

  /**
   * A member of the test cluster {@code clusterName}. Each cluster name gets its own range of 20
   * Hazelcast ports (from 6100 up), so test clusters running at the same time on this machine (and
   * CI's) never push each other out of the range their members scan when joining.
   */
  public static Future<Vertx> member(String clusterName) {
    Config config = ClusterConfig.load();
    config.setClusterName(clusterName);
    config.getNetworkConfig().setPort(basePort(clusterName)).setPortCount(20).setPortAutoIncrement(true);
    return Vertx.builder().withClusterManager(new RoomcastClusterManager(config)).buildClustered();
  }
}
