package io.roomcast.chat;

import io.vertx.core.json.JsonObject;

/** The chat limits the client scenarios assume (conf/config.json's defaults), as deployment config. */
final class ChatLimits {

  static final JsonObject CONFIG = new JsonObject().put("chat", new JsonObject()
    .put("nicknameMaxLength", 32)
    .put("roomNameMaxLength", 64)
    .put("messageMaxLength", 2000)
    .put("roomsPerSocket", 10)
    .put("historySize", 50)
    .put("eventsPerSecond", 20));

  private ChatLimits() {
  }
}
