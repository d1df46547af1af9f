package io.roomcast.socketio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/** Sends events to one client, with the flags ({@code timeout}, volatile) it was made with. */
public interface Emitter {

  /** Sends {@code event} with {@code args} (JSON values, Buffers for binary). */
  void emit(String event, Object... args);

  /**
   * Sends {@code event} and completes with the client's acknowledgement arguments. Fails with
   * {@link java.util.concurrent.TimeoutException} once the timeout passes, if one was set, and
   * with {@link IllegalStateException} if the socket disconnects first.
   */
  Future<JsonArray> emitWithAck(String event, Object... args);
}
