package io.roomcast.adapter;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * What {@code fetchSockets()} returns about a socket, wherever it lives: its id, rooms, the
 * application's {@code data} and its handshake.
 */
public record SocketDetails(String id, Set<String> rooms, JsonObject data, JsonObject handshake) {

  public SocketDetails {
    rooms = Set.copyOf(rooms);
  }
}
