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

  /** The first Hazelcast port of a test cluster: the range a member named so picks itself ({@link ClusterConfig#basePort}). */
  public static int basePort(String clusterName) {
    return ClusterConfig.basePort(clusterName);
  }

  /**
   * A member of the test cluster {@code clusterName}. Each cluster name gets its own range of 20
   * Hazelcast ports, so test clusters running at the same time on this machine (and
   * CI's) never push each other out of the range their members scan when joining.
   */
  public static Future<Vertx> member(String clusterName) {
    Config config = ClusterConfig.load();
    config.setClusterName(clusterName);
    config.getNetworkConfig().setPort(basePort(clusterName)).setPortCount(20).setPortAutoIncrement(true);
    return Vertx.builder().withClusterManager(new RoomcastClusterManager(config)).buildClustered();
  }
}
