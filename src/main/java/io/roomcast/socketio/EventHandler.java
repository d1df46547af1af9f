package io.roomcast.socketio;

import io.vertx.core.json.JsonArray;

/** Handles one event from a client: its arguments (JSON values, binary as {@code Buffer}) and its ack. */
@FunctionalInterface
public interface EventHandler {

  void handle(JsonArray args, Ack ack);
}
