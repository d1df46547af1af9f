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

  public static Future<Vertx> member(String clusterName) {
    Config config = ClusterConfig.load();
    config.setClusterName(clusterName);
    return Vertx.builder().withClusterManager(new RoomcastClusterManager(config)).buildClustered();
  }
}
