package io.roomcast.socketio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/**
 * Runs for each event a socket receives ({@code [name, ...args]}), before any handler. A failed
 * future drops the event and reports the failure to the socket's error handler.
 */
@FunctionalInterface
public interface PacketMiddleware {

  Future<Void> apply(JsonArray event);
}
