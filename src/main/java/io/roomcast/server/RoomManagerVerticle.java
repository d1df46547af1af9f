package io.roomcast.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Owns the room registry: which members each room has, and the sorted public room list with
 * counts that {@code room_change} carries. Joins and leaves arrive as requests; every change is
 * published on {@link Addresses#ROOMS_CHANGED}. A room with no members ceases to exist.
 *
 * <p>The registry is node-local until the cluster adapter makes it cluster-wide.
 */
public class RoomManagerVerticle extends VerticleBase {

  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private final Map<String, Set<String>> rooms = new HashMap<>();

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    DeployedVerticles.add(vertx, getClass().getSimpleName());
    return Future.all(
      bus.<JsonObject>localConsumer(Addresses.ROOMS_JOIN, this::join).completion(),
      bus.<JsonObject>localConsumer(Addresses.ROOMS_LEAVE, this::leave).completion(),
      bus.<Object>localConsumer(Addresses.ROOMS_LIST, message -> message.reply(list())).completion());
  }

  @Override
  public Future<?> stop() {
    DeployedVerticles.remove(vertx, getClass().getSimpleName());
    return Future.succeededFuture();
  }

  private void join(Message<JsonObject> message) {
    String room = message.body().getString("room");
    String member = message.body().getString("member");
    if (room == null || member == null) {
      message.fail(400, "room and member are required");
      return;
    }
    Set<String> members = rooms.computeIfAbsent(room, r -> new HashSet<>());
    boolean changed = members.add(member);
    message.reply(members.size());
    if (changed) {
      publishChange();
    }
  }

  private void leave(Message<JsonObject> message) {
    String room = message.body().getString("room");
    String member = message.body().getString("member");
    Set<String> members = room == null ? null : rooms.get(room);
    boolean changed = members != null && members.remove(member);
    if (members != null && members.isEmpty()) {
      rooms.remove(room);
    }
    message.reply(members == null ? 0 : members.size());
    if (changed) {
      publishChange();
    }
  }

  private JsonArray list() {
    JsonArray list = new JsonArray();
    new TreeMap<>(rooms).forEach((name, members) -> list.add(new JsonObject().put("name", name).put("count", members.size())));
    return list;
  }

  private void publishChange() {
    vertx.eventBus().publish(Addresses.ROOMS_CHANGED, list(), LOCAL_ONLY);
  }
}
