package io.roomcast.chat;

import io.vertx.core.json.JsonObject;

/** One chat line as the room history keeps it: who, what, when (epoch milliseconds). */
public record ChatMessage(String nickname, String text, long time) {

  public JsonObject toJson() {
    return new JsonObject().put("nickname", nickname).put("text", text).put("time", time);
  }

  public static ChatMessage fromJson(JsonObject json) {
    return new ChatMessage(json.getString("nickname"), json.getString("text"), json.getLong("time"));
  }
}
