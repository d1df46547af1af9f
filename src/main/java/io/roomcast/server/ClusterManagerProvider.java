package io.roomcast.server;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Installs {@link RoomcastClusterManager} when Vert.x is about to use the stock, unconfigured
 * Hazelcast manager found on the class path (as the launcher's {@code --cluster} does).
 *
 * <p>Registered in {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider}. Service
 * providers run in class-path order, so this copes with running before or after the stock
 * manager's own provider. A manager that the application configured itself is left alone.
 */
public class ClusterManagerProvider implements VertxServiceProvider {

  @Override
  public void init(VertxBootstrap builder) {
    ClusterManager current = builder.clusterManager();
    if (current == null || isStockUnconfigured(current)) {
      builder.clusterManager(new RoomcastClusterManager());
    }
  }

  private static boolean isStockUnconfigured(ClusterManager manager) {
    return manager.getClass() == HazelcastClusterManager.class
      && ((HazelcastClusterManager) manager).getConfig() == null
      && ((HazelcastClusterManager) manager).getHazelcastInstance() == null;
  }
}
