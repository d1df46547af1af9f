package io.roomcast.chat;

import io.vertx.core.json.JsonObject;

/**
 * One chat line: its id (unique in the cluster, so that a client can tell a message it has seen),
 * who, what, when (epoch milliseconds).
 */
public record ChatMessage(String id, String nickname, String text, long time) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("nickname", nickname).put("text", text).put("time", time);
  }

  public static ChatMessage fromJson(JsonObject json) {
    return new ChatMessage(json.getString("id"), json.getString("nickname"), json.getString("text"), json.getLong("time"));
  }
}
