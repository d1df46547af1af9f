package io.roomcast.server;

import io.roomcast.server.rooms.Departure;
import io.roomcast.server.rooms.HazelcastRoomStore;
import io.roomcast.server.rooms.LocalRoomStore;
import io.roomcast.server.rooms.MemberChange;
import io.roomcast.server.rooms.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Owns the room registry: each room's members (socket id → nickname, owning node) and the sorted
 * room list with counts that {@code room_change} carries.
 *
 * <p>Membership is authoritative in a {@link RoomStore}: Hazelcast when clustered, memory
 * otherwise. When presence reports a node gone, its members are purged and the departures
 * announced to every node (exactly once: the purge is atomic per room, so only one survivor finds
 * each member).
 */
public class RoomManagerVerticle extends VerticleBase {

  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private RoomStore store;
  private String node;
  private ClusterGuard guard;

  @Override
  public Future<?> start() {
    ClusterView cluster = new ClusterView(vertx);
    node = cluster.nodeId();
    guard = ClusterGuard.of(vertx);
    Future<RoomStore> opened = cluster.hazelcast()
      .<Future<RoomStore>>map(hazelcast -> HazelcastRoomStore.start(vertx, hazelcast).map(s -> s))
      .orElseGet(() -> Future.succeededFuture(new LocalRoomStore()));
    return opened.compose(ready -> {
      store = ready;
      store.onChange(this::roomChanged);
      DeployedVerticles.add(vertx, getClass().getSimpleName());
      var bus = vertx.eventBus();
      return Future.all(List.of(
        bus.<JsonObject>localConsumer(Addresses.ROOMS_JOIN, this::join).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_LEAVE, this::leave).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_RENAME, this::rename).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_MEMBERS, this::members).completion(),
        bus.<Object>localConsumer(Addresses.ROOMS_LIST, message -> message.reply(list())).completion(),
        bus.<JsonObject>localConsumer(Addresses.PRESENCE_NODE_CHANGED, this::nodeChanged).completion(),
        bus.<Object>localConsumer(Addresses.ROOMS_RESYNC, message -> resync(message, cluster)).completion()));
    });
  }

  /** On a graceful stop the gateways leave their sockets' rooms first: serve them until they are gone (5 s at most). */
  @Override
  public Future<?> stop() {
    DeployedVerticles.remove(vertx, getClass().getSimpleName());
    return DeployedVerticles.awaitNone(vertx, SocketGatewayVerticle.class.getSimpleName(), Duration.ofSeconds(5))
      .compose(v -> store == null ? Future.succeededFuture() : store.close());
  }

  /**
   * Refuses a change while the node is fenced: it may be cut off from the cluster, and it removes
   * all of its members before it serves again.
   */
  private boolean refusedWhileFenced(Message<?> message) {
    if (guard.serving()) {
      return false;
    }
    message.fail(503, "this node is not serving for now");
    return true;
  }

  private void join(Message<JsonObject> message) {
    if (refusedWhileFenced(message)) {
      return;
    }
    String room = message.body().getString("room");
    String member = message.body().getString("member");
    if (room == null || member == null) {
      message.fail(400, "room and member are required");
      return;
    }
    String nickname = message.body().getString("nickname", member);
    store.join(room, member, nickname, node).onComplete(joined -> reply(message, joined));
  }

  private void leave(Message<JsonObject> message) {
    if (refusedWhileFenced(message)) {
      return;
    }
    String room = message.body().getString("room");
    String member = message.body().getString("member");
    if (room == null || member == null) {
      message.fail(400, "room and member are required");
      return;
    }
    store.leave(room, member).onComplete(left -> reply(message, left));
  }

  private void rename(Message<JsonObject> message) {
    if (refusedWhileFenced(message)) {
      return;
    }
    store.rename(message.body().getString("member"), message.body().getString("nickname"))
      .onComplete(done -> reply(message, done));
  }

  private void members(Message<JsonObject> message) {
    store.nicknames(message.body().getString("room")).onComplete(found -> {
      if (found.failed()) {
        message.fail(500, found.cause().getMessage());
        return;
      }
      List<String> nicknames = new ArrayList<>(found.result());
      nicknames.sort(String.CASE_INSENSITIVE_ORDER);
      message.reply(new JsonArray(nicknames));
    });
  }

  private static void reply(Message<?> message, io.vertx.core.AsyncResult<?> result) {
    if (result.failed()) {
      message.fail(500, result.cause().getMessage());
    } else if (result.result() instanceof MemberChange change) {
      message.reply(new JsonObject().put("count", change.count()).put("shared", change.nicknameShared()).put("version", change.version()));
    } else {
      message.reply(result.result());
    }
  }

  private void nodeChanged(Message<JsonObject> message) {
    if (!"left".equals(message.body().getString("event"))) {
      return;
    }
    if (!guard.serving()) {
      // Fenced, this node may be the one cut off, its peers alive: it purges nobody (and would
      // announce their departures to them). Before it serves again, its resync removes whoever is gone.
      return;
    }
    announce(store.purgeNode(message.body().getString("node")));
  }

  /** Announces each departure of a purge to every node, for a {@code bye}. */
  private Future<Void> announce(Future<List<Departure>> purged) {
    return purged.map(departures -> {
      for (Departure departure : departures) {
        vertx.eventBus().publish(Addresses.ROOMS_DEPARTED, new JsonObject()
          .put("room", departure.room()).put("member", departure.member())
          .put("nickname", departure.nickname()).put("count", departure.count()).put("shared", departure.nicknameShared())
          .put("version", departure.version()));
      }
      return null;
    });
  }

  /**
   * Before a fenced node serves again: the rooms as the cluster has them, without any member of
   * this node (it has no sockets while fenced; the others may have removed them already, else this
   * says their {@code bye}), nor of nodes that are gone.
   */
  private void resync(Message<?> message, ClusterView cluster) {
    Set<String> others = new HashSet<>(cluster.members());
    others.remove(node);
    store.reload()
      .compose(v -> announce(store.purgeAllBut(others)))
      .onComplete(done -> reply(message, done));
  }

  private JsonArray list() {
    JsonArray list = new JsonArray();
    store.counts().forEach((name, count) -> list.add(new JsonObject().put("name", name).put("count", count)));
    return list;
  }

  /** One room's new count (0: gone), or null when any room may have changed: not the whole list, which is O(rooms) per join. */
  private void roomChanged(String room) {
    JsonObject change = room == null ? null
      : new JsonObject().put("name", room).put("count", store.counts().getOrDefault(room, 0));
    vertx.eventBus().publish(Addresses.ROOMS_CHANGED, change, LOCAL_ONLY);
  }
}
