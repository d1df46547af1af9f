package io.roomcast.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Knows who is online. For now: which nodes form the cluster. It answers {@link Addresses#PRESENCE_NODES}
 * and announces every member that joins or vanishes on {@link Addresses#PRESENCE_NODE_CHANGED}, so
 * the survivors can clean up after a node that died without saying goodbye.
 */
public class PresenceVerticle extends VerticleBase {

  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private ClusterView cluster;
  private Set<String> members = new LinkedHashSet<>();
  private Runnable stopListening = () -> { };

  @Override
  public Future<?> start() {
    cluster = new ClusterView(vertx);
    members = new LinkedHashSet<>(cluster.members());
    // Hazelcast calls back on its own threads; the member set is only touched on this context.
    stopListening = cluster.onMembershipChange(() -> context.runOnContext(v -> refreshMembers()));
    DeployedVerticles.add(vertx, getClass().getSimpleName());
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.PRESENCE_NODES, message -> message.reply(new JsonObject()
        .put("self", cluster.nodeId())
        .put("clustered", cluster.clustered())
        .put("members", new JsonArray(new ArrayList<>(members)))))
      .completion();
  }

  @Override
  public Future<?> stop() {
    stopListening.run();
    DeployedVerticles.remove(vertx, getClass().getSimpleName());
    return Future.succeededFuture();
  }

  private void refreshMembers() {
    Set<String> now = new LinkedHashSet<>(cluster.members());
    announce(difference(now, members), "joined");
    announce(difference(members, now), "left");
    members = now;
  }

  private void announce(List<String> nodes, String event) {
    for (String node : nodes) {
      vertx.eventBus().publish(Addresses.PRESENCE_NODE_CHANGED, new JsonObject().put("node", node).put("event", event), LOCAL_ONLY);
    }
  }

  private static List<String> difference(Set<String> a, Set<String> b) {
    List<String> result = new ArrayList<>(a);
    result.removeAll(b);
    return result;
  }
}
