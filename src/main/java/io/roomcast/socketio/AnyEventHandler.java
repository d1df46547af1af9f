package io.roomcast.socketio;

import io.vertx.core.json.JsonArray;

/** Sees every event a client emits, before the event's own handlers. */
@FunctionalInterface
public interface AnyEventHandler {

  void handle(String event, JsonArray args);
}
