package io.roomcast.socketio.protocol;

import io.vertx.core.json.JsonArray;

/**
 * A decoded Socket.IO packet. {@code data} is a JsonObject (CONNECT, CONNECT_ERROR), a JsonArray
 * (EVENT, ACK; binary attachments already put back in place as {@code Buffer}s), a String
 * (CONNECT_ERROR from old peers) or null. {@code id} is the ack id, or -1.
 *
 * <pre>{@code
 * Packet.event("/", new JsonArray().add("hello").add(1));  // 42["hello",1]
 * }</pre>
 */
public record Packet(PacketType type, String namespace, Object data, long id) {

  public static final long NO_ID = -1;

  public static Packet event(String namespace, JsonArray args) {
    return new Packet(PacketType.EVENT, namespace, args, NO_ID);
  }

  public static Packet event(String namespace, JsonArray args, long ackId) {
    return new Packet(PacketType.EVENT, namespace, args, ackId);
  }

  public static Packet ack(String namespace, JsonArray args, long ackId) {
    return new Packet(PacketType.ACK, namespace, args, ackId);
  }

  public boolean hasId() {
    return id >= 0;
  }

  public JsonArray args() {
    return (JsonArray) data;
  }
}
