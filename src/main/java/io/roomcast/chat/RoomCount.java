package io.roomcast.chat;

import io.vertx.core.json.JsonObject;

/** A public room and its member count, as {@code room_change} lists them. */
public record RoomCount(String name, int count) {

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("count", count);
  }
}
