package io.roomcast.server;

import io.roomcast.server.rooms.Departure;
import io.roomcast.server.rooms.HazelcastRoomStore;
import io.roomcast.server.rooms.LocalRoomStore;
import io.roomcast.server.rooms.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the room registry: each room's members (socket id → nickname, owning node), the sorted
 * room list with counts that {@code room_change} carries, and each room's recent history.
 *
 * <p>Membership is authoritative in a {@link RoomStore}: Hazelcast when clustered, memory
 * otherwise. History is kept in memory by every node, fed by a cluster-wide publish of each
 * message, so the per-message path touches no Hazelcast map. When presence reports a node gone,
 * its members are purged and the departures announced to every node (exactly once: the purge is
 * atomic per room, so only one survivor finds each member).
 */
public class RoomManagerVerticle extends VerticleBase {

  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private RoomStore store;
  private String node;
  private final Map<String, Deque<JsonObject>> history = new HashMap<>();
  private int historySize;

  @Override
  public Future<?> start() {
    historySize = RoomcastConfig.of(config()).chatOptions().historySize();
    ClusterView cluster = new ClusterView(vertx);
    node = cluster.nodeId();
    Future<RoomStore> opened = cluster.hazelcast()
      .<Future<RoomStore>>map(hazelcast -> HazelcastRoomStore.start(vertx, hazelcast).map(s -> s))
      .orElseGet(() -> Future.succeededFuture(new LocalRoomStore()));
    return opened.compose(ready -> {
      store = ready;
      store.onChange(this::roomChanged);
      DeployedVerticles.add(vertx, getClass().getSimpleName());
      var bus = vertx.eventBus();
      Future<?> subscribed = Future.all(List.of(
        bus.<JsonObject>localConsumer(Addresses.ROOMS_JOIN, this::join).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_LEAVE, this::leave).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_RENAME, this::rename).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_MEMBERS, this::members).completion(),
        bus.<Object>localConsumer(Addresses.ROOMS_LIST, message -> message.reply(list())).completion(),
        bus.<JsonObject>localConsumer(Addresses.PRESENCE_NODE_CHANGED, this::nodeChanged).completion(),
        bus.<JsonObject>consumer(Addresses.ROOMS_HISTORY, message -> remember(message.body())).completion()));
      // Already subscribed to new messages: now copy the older ones from a running node, then
      // offer ours to the nodes that start after us.
      return subscribed
        .compose(v -> copyHistory(cluster.clustered()))
        .compose(v -> bus.<Object>consumer(Addresses.ROOMS_HISTORY_SNAPSHOT, message -> message.reply(historySnapshot())).completion());
    });
  }

  /** Asks another node for its history; a node alone, or a peer that does not answer in time, means none. */
  private Future<Void> copyHistory(boolean clustered) {
    if (!clustered) {
      return Future.succeededFuture();
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(3_000);
    return vertx.eventBus().<JsonObject>request(Addresses.ROOMS_HISTORY_SNAPSHOT, null, options)
      .map(reply -> {
        reply.body().forEach(entry -> merge(entry.getKey(), (JsonArray) entry.getValue()));
        return (Void) null;
      })
      .otherwise((Void) null);
  }

  private JsonObject historySnapshot() {
    JsonObject snapshot = new JsonObject();
    history.forEach((room, recent) -> snapshot.put(room, new JsonArray(new ArrayList<>(recent))));
    return snapshot;
  }

  /** Older messages from a peer join the ones received since, without duplicates. */
  private void merge(String room, JsonArray older) {
    older.forEach(item -> remember(room, (JsonObject) item));
  }

  private static boolean contains(Deque<JsonObject> messages, String id) {
    return id != null && messages.stream().anyMatch(message -> id.equals(message.getString("id")));
  }

  /** On a graceful stop the gateways leave their sockets' rooms first: serve them until they are gone (5 s at most). */
  @Override
  public Future<?> stop() {
    DeployedVerticles.remove(vertx, getClass().getSimpleName());
    return DeployedVerticles.awaitNone(vertx, SocketGatewayVerticle.class.getSimpleName(), Duration.ofSeconds(5))
      .compose(v -> store == null ? Future.succeededFuture() : store.close());
  }

  private void join(Message<JsonObject> message) {
    String room = message.body().getString("room");
    String member = message.body().getString("member");
    if (room == null || member == null) {
      message.fail(400, "room and member are required");
      return;
    }
    String nickname = message.body().getString("nickname", member);
    store.join(room, member, nickname, node).onComplete(joined -> {
      if (joined.failed()) {
        message.fail(500, joined.cause().getMessage());
        return;
      }
      JsonArray recent = new JsonArray(new ArrayList<>(history.getOrDefault(room, new ArrayDeque<>())));
      message.reply(new JsonObject().put("count", joined.result()).put("history", recent));
    });
  }

  private void leave(Message<JsonObject> message) {
    String room = message.body().getString("room");
    String member = message.body().getString("member");
    if (room == null || member == null) {
      message.fail(400, "room and member are required");
      return;
    }
    store.leave(room, member).onComplete(left -> reply(message, left));
  }

  private void rename(Message<JsonObject> message) {
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
    if (result.succeeded()) {
      message.reply(result.result());
    } else {
      message.fail(500, result.cause().getMessage());
    }
  }

  /**
   * Every node keeps each room's recent messages. Not only for rooms it already lists: the
   * message can arrive before the map event of the join that made its room.
   */
  private void remember(JsonObject body) {
    remember(body.getString("room"), body.getJsonObject("message"));
  }

  /**
   * Keeps a message in its room's history in time order, not arrival order: the first message a
   * node publishes to the history waits for a cluster lookup (see docs/ARCHITECTURE.md), so another
   * node can receive it after a later one sent there, and every node must list the same history.
   * Messages with the same time keep their arrival order.
   */
  private void remember(String room, JsonObject message) {
    Deque<JsonObject> recent = history.computeIfAbsent(room, r -> new ArrayDeque<>());
    if (contains(recent, message.getString("id"))) {
      return;
    }
    long time = message.getLong("time", 0L);
    Deque<JsonObject> later = new ArrayDeque<>();
    while (!recent.isEmpty() && recent.peekLast().getLong("time", 0L) > time) {
      later.push(recent.removeLast());
    }
    recent.addLast(message);
    recent.addAll(later);
    while (recent.size() > historySize) {
      recent.removeFirst();
    }
  }

  private void nodeChanged(Message<JsonObject> message) {
    if (!"left".equals(message.body().getString("event"))) {
      return;
    }
    store.purgeNode(message.body().getString("node")).onSuccess(departures -> {
      for (Departure departure : departures) {
        vertx.eventBus().publish(Addresses.ROOMS_DEPARTED, new JsonObject()
          .put("room", departure.room()).put("member", departure.member())
          .put("nickname", departure.nickname()).put("count", departure.count()));
      }
    });
  }

  private JsonArray list() {
    JsonArray list = new JsonArray();
    store.counts().forEach((name, count) -> list.add(new JsonObject().put("name", name).put("count", count)));
    return list;
  }

  /** A room that is gone takes its history with it. */
  private void roomChanged(String room) {
    if (room == null) {
      history.keySet().retainAll(store.counts().keySet());
    } else if (!store.counts().containsKey(room)) {
      history.remove(room);
    }
    vertx.eventBus().publish(Addresses.ROOMS_CHANGED, list(), LOCAL_ONLY);
  }
}
