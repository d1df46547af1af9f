package io.roomcast.server;

import io.roomcast.chat.Presence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;

/** The chat's {@link Presence}, as messages to this node's {@link PresenceVerticle}. */
final class EventBusPresence implements Presence {

  /** To this node's presence only: no cluster lookup on the way (see docs/ARCHITECTURE.md). */
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final EventBus bus;

  EventBusPresence(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  @Override
  public void online(String socketId, String nickname, Collection<String> rooms) {
    bus.send(Addresses.PRESENCE_UPDATE, entry(socketId, nickname, rooms), LOCAL);
  }

  @Override
  public Future<Void> update(String socketId, String nickname, Collection<String> rooms) {
    return bus.request(Addresses.PRESENCE_UPDATE, entry(socketId, nickname, rooms), LOCAL).mapEmpty();
  }

  @Override
  public void offline(String socketId) {
    bus.send(Addresses.PRESENCE_OFFLINE, new JsonObject().put("member", socketId), LOCAL);
  }

  /** Copies {@code rooms}: the caller's set changes on. No rooms, no field (every connect: the less to copy, the better). */
  private static JsonObject entry(String socketId, String nickname, Collection<String> rooms) {
    JsonObject entry = new JsonObject().put("member", socketId).put("nickname", nickname);
    return rooms.isEmpty() ? entry : entry.put("rooms", new JsonArray(new ArrayList<>(rooms)));
  }
}
