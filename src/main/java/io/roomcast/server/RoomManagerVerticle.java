package io.roomcast.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Owns the room registry: each room's members (socket id → nickname) and recent history, and the
 * sorted public room list with counts that {@code room_change} carries. Requests arrive on the
 * {@code roomcast.rooms.*} addresses; every change of the list is published on
 * {@link Addresses#ROOMS_CHANGED}. A room with no members ceases to exist, history included.
 *
 * <p>The registry is node-local until the cluster adapter makes it cluster-wide.
 */
public class RoomManagerVerticle extends VerticleBase {

  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private final Map<String, Map<String, String>> rooms = new HashMap<>();
  private final Map<String, Deque<JsonObject>> history = new HashMap<>();
  private int historySize;

  @Override
  public Future<?> start() {
    historySize = RoomcastConfig.of(config()).chatOptions().historySize();
    var bus = vertx.eventBus();
    DeployedVerticles.add(vertx, getClass().getSimpleName());
    return Future.all(List.of(
      bus.<JsonObject>localConsumer(Addresses.ROOMS_JOIN, this::join).completion(),
      bus.<JsonObject>localConsumer(Addresses.ROOMS_LEAVE, this::leave).completion(),
      bus.<JsonObject>localConsumer(Addresses.ROOMS_RENAME, this::rename).completion(),
      bus.<JsonObject>localConsumer(Addresses.ROOMS_MEMBERS, this::members).completion(),
      bus.<JsonObject>localConsumer(Addresses.ROOMS_APPEND, this::append).completion(),
      bus.<Object>localConsumer(Addresses.ROOMS_LIST, message -> message.reply(list())).completion()));
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
    String nickname = message.body().getString("nickname", member);
    Map<String, String> members = rooms.computeIfAbsent(room, r -> new LinkedHashMap<>());
    boolean changed = members.put(member, nickname) == null;
    JsonArray recent = new JsonArray(new ArrayList<>(history.getOrDefault(room, new ArrayDeque<>())));
    message.reply(new JsonObject().put("count", members.size()).put("history", recent));
    if (changed) {
      publishChange();
    }
  }

  private void leave(Message<JsonObject> message) {
    String room = message.body().getString("room");
    String member = message.body().getString("member");
    Map<String, String> members = room == null ? null : rooms.get(room);
    boolean changed = members != null && members.remove(member) != null;
    if (members != null && members.isEmpty()) {
      rooms.remove(room);
      history.remove(room);
    }
    message.reply(members == null ? 0 : members.size());
    if (changed) {
      publishChange();
    }
  }

  private void rename(Message<JsonObject> message) {
    String member = message.body().getString("member");
    String nickname = message.body().getString("nickname");
    for (Map<String, String> members : rooms.values()) {
      members.replace(member, nickname);
    }
    message.reply(null);
  }

  private void members(Message<JsonObject> message) {
    Map<String, String> members = rooms.getOrDefault(message.body().getString("room"), Map.of());
    List<String> nicknames = new ArrayList<>(members.values());
    nicknames.sort(String.CASE_INSENSITIVE_ORDER);
    message.reply(new JsonArray(nicknames));
  }

  private void append(Message<JsonObject> message) {
    String room = message.body().getString("room");
    if (rooms.containsKey(room)) {
      Deque<JsonObject> recent = history.computeIfAbsent(room, r -> new ArrayDeque<>());
      recent.addLast(message.body().getJsonObject("message"));
      while (recent.size() > historySize) {
        recent.removeFirst();
      }
    }
    message.reply(null);
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
