package io.roomcast.server;

import com.hazelcast.config.Config;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Vert.x Hazelcast cluster manager, reading its configuration through {@link ClusterConfig}
 * instead of silently falling back to multicast.
 */
public class RoomcastClusterManager extends HazelcastClusterManager {

  /** Reads the configuration lazily, when the node joins (only under {@code --cluster}). */
  public RoomcastClusterManager() {
  }

  /** Uses the given configuration, for tests and embedding. */
  public RoomcastClusterManager(Config config) {
    super(config);
  }

  @Override
  public Config loadConfig() {
    return ClusterConfig.load();
  }
}
