package io.roomcast.server;

import io.roomcast.server.presence.HazelcastPresenceStore;
import io.roomcast.server.presence.LocalPresenceStore;
import io.roomcast.server.presence.OnlineSocket;
import io.roomcast.server.presence.PresenceStore;
import io.roomcast.server.presence.PresenceView;
import io.roomcast.server.presence.RoomDiff;
import io.roomcast.server.presence.SocketWrites;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Knows who is online: the cluster's nodes, and every socket with its nickname, node and rooms.
 *
 * <p>Sockets are authoritative in a {@link PresenceStore} (Hazelcast when clustered, memory
 * otherwise), written by the gateways' chat through {@link Addresses#PRESENCE_UPDATE} and
 * {@link Addresses#PRESENCE_OFFLINE}, each socket's writes in order. Every node hears every change
 * of the store and keeps a {@link PresenceView} of it, which answers the queries and turns each
 * change into join and leave diffs published on {@link Addresses#PRESENCE_ROOM_CHANGED}.
 *
 * <p>Nodes: it announces every member that joins or vanishes on
 * {@link Addresses#PRESENCE_NODE_CHANGED}, so the survivors can clean up after a node that died
 * without saying goodbye, and removes that node's sockets itself (every survivor does; each
 * socket goes once). On a graceful stop it removes its own node's sockets.
 */
public class PresenceVerticle extends VerticleBase {

  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);
  /** How long a stopping node waits for its gateways to close their sockets (as the room manager does). */
  private static final Duration GATEWAYS_STOP = Duration.ofSeconds(5);

  private ClusterView cluster;
  private String self;
  private Set<String> members = new LinkedHashSet<>();
  private Runnable stopListening = () -> { };
  private PresenceStore store;
  private final PresenceView view = new PresenceView();
  private final SocketWrites writes = new SocketWrites();
  private ClusterGuard guard;

  @Override
  public Future<?> start() {
    cluster = new ClusterView(vertx);
    self = cluster.nodeId();
    guard = ClusterGuard.of(vertx);
    PresenceStore.Listener listener = this::changed;
    Future<PresenceStore> opened = cluster.hazelcast()
      .<Future<PresenceStore>>map(hazelcast -> HazelcastPresenceStore.start(vertx, hazelcast, listener).map(s -> s))
      .orElseGet(() -> Future.succeededFuture(new LocalPresenceStore(listener)));
    return opened.compose(ready -> {
      store = ready;
      view.load(store.existing());
      // Read after the store's snapshot: a node with sockets in it is a member now, or gone.
      members = new LinkedHashSet<>(cluster.members());
      // Hazelcast calls back on its own threads; the member set is only touched on this context.
      stopListening = cluster.onMembershipChange(() -> context.runOnContext(v -> refreshMembers()));
      purgeVanishedNodes(store.existing());
      DeployedVerticles.add(vertx, getClass().getSimpleName());
      var bus = vertx.eventBus();
      return Future.all(List.of(
        bus.<JsonObject>localConsumer(Addresses.PRESENCE_NODES, message -> message.reply(nodes())).completion(),
        bus.<JsonObject>localConsumer(Addresses.PRESENCE_UPDATE, this::update).completion(),
        bus.<JsonObject>localConsumer(Addresses.PRESENCE_OFFLINE, this::offline).completion(),
        bus.<Object>localConsumer(Addresses.PRESENCE_ONLINE, message -> message.reply(online())).completion(),
        bus.<JsonObject>localConsumer(Addresses.PRESENCE_ROOM, this::room).completion(),
        bus.<Object>localConsumer(Addresses.PRESENCE_RESYNC, this::resync).completion()));
    });
  }

  /**
   * A graceful stop: once the gateways have closed their sockets (each one's offline sent) and
   * those writes are done, the node removes whatever of its own is left, so no ghost outlives it.
   */
  @Override
  public Future<?> stop() {
    stopListening.run();
    DeployedVerticles.remove(vertx, getClass().getSimpleName());
    if (store == null) {
      return Future.succeededFuture();
    }
    return DeployedVerticles.awaitNone(vertx, SocketGatewayVerticle.class.getSimpleName(), GATEWAYS_STOP)
      .compose(v -> writes.idle())
      .compose(v -> store.purgeNode(self))
      .eventually(() -> store.close());
  }

  private JsonObject nodes() {
    return new JsonObject()
      .put("self", self)
      .put("clustered", cluster.clustered())
      .put("members", new JsonArray(new ArrayList<>(members)))
      .put("online", view.size());
  }

  private void update(Message<JsonObject> message) {
    if (!guard.serving()) {
      // Fenced: the node removes all of its sockets before it serves again.
      message.fail(503, "this node is not serving for now");
      return;
    }
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String socket = body.getString("member");
    String nickname = body.getString("nickname");
    JsonArray rooms = body.getJsonArray("rooms");
    if (socket == null || nickname == null) {
      message.fail(400, "member and nickname are required");
      return;
    }
    List<String> names = new ArrayList<>(rooms == null ? 0 : rooms.size());
    if (rooms != null) {
      rooms.forEach(room -> names.add((String) room));
    }
    OnlineSocket entry = OnlineSocket.of(nickname, self, names);
    writes.run(socket, () -> store.put(socket, entry)).onComplete(done -> reply(message, done.cause()));
  }

  private void offline(Message<JsonObject> message) {
    if (!guard.serving()) {
      message.reply(null);
      return;
    }
    String socket = message.body() == null ? null : message.body().getString("member");
    if (socket == null) {
      message.fail(400, "member is required");
      return;
    }
    writes.run(socket, () -> store.remove(socket)).onComplete(done -> reply(message, done.cause()));
  }

  /** Replies only when asked to: the chat sends most writes without waiting for them. */
  private static void reply(Message<?> message, Throwable failure) {
    if (failure == null) {
      message.reply(null);
    } else {
      message.fail(500, failure.getMessage());
    }
  }

  private JsonArray online() {
    JsonArray sockets = new JsonArray();
    view.online().forEach(online -> sockets.add(online.getValue().toJson(online.getKey())));
    return sockets;
  }

  private void room(Message<JsonObject> message) {
    String room = message.body() == null ? null : message.body().getString("room");
    if (room == null) {
      message.fail(400, "room is required");
      return;
    }
    JsonArray members = new JsonArray();
    view.members(room).forEach(member -> members.add(member.toJson()));
    message.reply(members);
  }

  /**
   * Before a fenced node serves again: once its last writes are done, the view as the store has it
   * now (it may have missed changes while cut off), then none of this node's sockets (it has none
   * while fenced), and none of nodes that are gone.
   */
  private void resync(Message<?> message) {
    writes.idle()
      .compose(v -> store.snapshot())
      .compose(entries -> {
        for (RoomDiff diff : view.replace(entries)) {
          vertx.eventBus().publish(Addresses.PRESENCE_ROOM_CHANGED, diff.toJson(), LOCAL_ONLY);
        }
        members = new LinkedHashSet<>(cluster.members());
        purgeVanishedNodes(entries);
        return store.purgeNode(self);
      })
      .onComplete(done -> reply(message, done.cause()));
  }

  /** Every change of the store, from any node: into the view, and out as each touched room's diff. */
  private void changed(String socket, OnlineSocket before, OnlineSocket after) {
    for (RoomDiff diff : view.apply(socket, before, after)) {
      vertx.eventBus().publish(Addresses.PRESENCE_ROOM_CHANGED, diff.toJson(), LOCAL_ONLY);
    }
  }

  private void refreshMembers() {
    Set<String> now = new LinkedHashSet<>(cluster.members());
    List<String> joined = difference(now, members);
    List<String> left = difference(members, now);
    members = now;
    announce(joined, "joined");
    announce(left, "left");
    if (guard.serving()) {
      // Fenced, this node may be the one cut off; its resync removes whoever is gone.
      left.forEach(store::purgeNode);
    }
  }

  /** Sockets of nodes that left before this one could hear of it (while it was starting). */
  private void purgeVanishedNodes(Map<String, OnlineSocket> existing) {
    existing.values().stream().map(OnlineSocket::node).distinct().filter(node -> !members.contains(node)).forEach(store::purgeNode);
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
