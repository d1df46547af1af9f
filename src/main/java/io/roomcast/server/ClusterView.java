package io.roomcast.server;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.UUID;

/**
 * This node's id and the ids of the cluster's members, for a clustered or a standalone Vert.x.
 *
 * <p>Standalone, the node is a cluster of one whose id is made once per Vert.x instance, so every
 * verticle of the process reports the same id.
 */
public final class ClusterView {

  private static final String LOCAL_MAP = "roomcast.node";
  private static final String LOCAL_ID_KEY = "id";

  private final Vertx vertx;
  private final ClusterManager clusterManager;

  public ClusterView(Vertx vertx) {
    this.vertx = vertx;
    this.clusterManager = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
  }

  public boolean clustered() {
    return clusterManager != null;
  }

  /** The id of this node: the Vert.x cluster node id when clustered. */
  public String nodeId() {
    if (clusterManager != null) {
      return clusterManager.getNodeId();
    }
    String fresh = UUID.randomUUID().toString();
    String existing = vertx.sharedData().<String, String>getLocalMap(LOCAL_MAP).putIfAbsent(LOCAL_ID_KEY, fresh);
    return existing != null ? existing : fresh;
  }

  /** The Hazelcast instance behind the cluster manager, when clustered with Hazelcast. */
  public java.util.Optional<com.hazelcast.core.HazelcastInstance> hazelcast() {
    return clusterManager instanceof HazelcastClusterManager hazelcast
      ? java.util.Optional.of(hazelcast.getHazelcastInstance())
      : java.util.Optional.empty();
  }

  /** The node ids of the current members, this one included. Local: no remote call. */
  public List<String> members() {
    return clusterManager != null ? List.copyOf(clusterManager.getNodes()) : List.of(nodeId());
  }

  /**
   * Calls {@code onChange} (on a Hazelcast thread) whenever a member joins or leaves.
   *
   * @return a handle that removes the listener, or a no-op when standalone
   */
  public Runnable onMembershipChange(Runnable onChange) {
    if (!(clusterManager instanceof HazelcastClusterManager)) {
      return () -> { };
    }
    var cluster = ((HazelcastClusterManager) clusterManager).getHazelcastInstance().getCluster();
    UUID id = cluster.addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        onChange.run();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        onChange.run();
      }
    });
    return () -> cluster.removeMembershipListener(id);
  }
}
