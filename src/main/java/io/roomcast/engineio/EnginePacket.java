package io.roomcast.engineio;

import io.vertx.core.buffer.Buffer;

/**
 * One Engine.IO packet: a type and an optional payload, either text or binary (binary only for
 * {@link PacketType#MESSAGE}).
 */
public record EnginePacket(PacketType type, String text, Buffer binary) {

  public static final EnginePacket PING = new EnginePacket(PacketType.PING, null, null);
  public static final EnginePacket PONG = new EnginePacket(PacketType.PONG, null, null);
  public static final EnginePacket CLOSE = new EnginePacket(PacketType.CLOSE, null, null);
  public static final EnginePacket NOOP = new EnginePacket(PacketType.NOOP, null, null);

  public static EnginePacket message(String text) {
    return new EnginePacket(PacketType.MESSAGE, text, null);
  }

  public static EnginePacket message(Buffer binary) {
    return new EnginePacket(PacketType.MESSAGE, null, binary);
  }

  public static EnginePacket of(PacketType type, String text) {
    return new EnginePacket(type, text, null);
  }

  public boolean isBinary() {
    return binary != null;
  }
}
