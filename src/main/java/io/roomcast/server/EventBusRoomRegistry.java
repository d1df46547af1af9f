package io.roomcast.server;

import io.roomcast.chat.ChatMessage;
import io.roomcast.chat.RoomCount;
import io.roomcast.chat.RoomRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The chat's {@link RoomRegistry}, as requests to {@link RoomManagerVerticle} over the event bus. */
final class EventBusRoomRegistry implements RoomRegistry {

  /** Requests go to this node's room manager only: no cluster lookup on the way (see docs/ARCHITECTURE.md). */
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final EventBus bus;

  EventBusRoomRegistry(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  @Override
  public Future<Joined> join(String room, String socketId, String nickname) {
    JsonObject request = new JsonObject().put("room", room).put("member", socketId).put("nickname", nickname);
    return bus.<JsonObject>request(Addresses.ROOMS_JOIN, request, LOCAL).map(reply -> {
      List<ChatMessage> history = new ArrayList<>();
      reply.body().getJsonArray("history").forEach(item -> history.add(ChatMessage.fromJson((JsonObject) item)));
      return new Joined(reply.body().getInteger("count"), history);
    });
  }

  @Override
  public Future<Integer> leave(String room, String socketId) {
    return bus.<Integer>request(Addresses.ROOMS_LEAVE, new JsonObject().put("room", room).put("member", socketId), LOCAL)
      .map(reply -> reply.body());
  }

  @Override
  public Future<Void> rename(String socketId, String nickname) {
    return bus.request(Addresses.ROOMS_RENAME, new JsonObject().put("member", socketId).put("nickname", nickname), LOCAL).mapEmpty();
  }

  @Override
  public Future<List<String>> members(String room) {
    return bus.<JsonArray>request(Addresses.ROOMS_MEMBERS, new JsonObject().put("room", room), LOCAL)
      .map(reply -> {
        List<String> nicknames = new ArrayList<>();
        reply.body().forEach(name -> nicknames.add((String) name));
        return nicknames;
      });
  }

  @Override
  public Future<Void> append(String room, ChatMessage message) {
    // The id lets a node that copies history from a peer skip what it already received.
    JsonObject stored = message.toJson().put("id", java.util.UUID.randomUUID().toString());
    bus.publish(Addresses.ROOMS_HISTORY, new JsonObject().put("room", room).put("message", stored));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<RoomCount>> rooms() {
    return bus.<JsonArray>request(Addresses.ROOMS_LIST, null, LOCAL).map(reply -> toRooms(reply.body()));
  }

  @Override
  public void onChange(Handler<List<RoomCount>> handler) {
    bus.<JsonArray>localConsumer(Addresses.ROOMS_CHANGED, message -> handler.handle(toRooms(message.body())));
  }

  @Override
  public void onDeparture(Handler<Departure> handler) {
    bus.<JsonObject>consumer(Addresses.ROOMS_DEPARTED, message -> {
      JsonObject body = message.body();
      handler.handle(new Departure(body.getString("room"), body.getString("nickname"), body.getInteger("count")));
    });
  }

  private static List<RoomCount> toRooms(JsonArray list) {
    List<RoomCount> rooms = new ArrayList<>(list.size());
    list.forEach(item -> {
      JsonObject room = (JsonObject) item;
      rooms.add(new RoomCount(room.getString("name"), room.getInteger("count")));
    });
    return rooms;
  }
}
