package io.roomcast.server;

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
  private final ClusterGuard guard;

  EventBusRoomRegistry(Vertx vertx) {
    this.bus = vertx.eventBus();
    this.guard = ClusterGuard.of(vertx);
  }

  @Override
  public boolean available() {
    return guard.serving();
  }

  @Override
  public Future<Change> join(String room, String socketId, String nickname) {
    JsonObject request = new JsonObject().put("room", room).put("member", socketId).put("nickname", nickname);
    return bus.<JsonObject>request(Addresses.ROOMS_JOIN, request, LOCAL).map(reply -> change(reply.body()));
  }

  @Override
  public Future<Change> leave(String room, String socketId) {
    return bus.<JsonObject>request(Addresses.ROOMS_LEAVE, new JsonObject().put("room", room).put("member", socketId), LOCAL)
      .map(reply -> change(reply.body()));
  }

  /** The room manager's {@code {count, shared}}: the others hear of a change unless another member has the nickname. */
  private static Change change(JsonObject reply) {
    return new Change(reply.getInteger("count"), !reply.getBoolean("shared", false), reply.getLong("version", 0L));
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
  public Future<List<RoomCount>> rooms() {
    return bus.<JsonArray>request(Addresses.ROOMS_LIST, null, LOCAL).map(reply -> toRooms(reply.body()));
  }

  @Override
  public void onChange(Handler<RoomCount> handler) {
    bus.<JsonObject>localConsumer(Addresses.ROOMS_CHANGED, message -> {
      JsonObject change = message.body();
      handler.handle(change == null ? null : new RoomCount(change.getString("name"), change.getInteger("count")));
    });
  }

  @Override
  public void onDeparture(Handler<Departure> handler) {
    bus.<JsonObject>consumer(Addresses.ROOMS_DEPARTED, message -> {
      JsonObject body = message.body();
      handler.handle(new Departure(body.getString("room"), body.getString("member"), body.getString("nickname"),
        body.getInteger("count"), !body.getBoolean("shared", false), body.getLong("version", 0L)));
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
