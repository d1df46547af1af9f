package io.roomcast.socketio.protocol;

/** Socket.IO v5 packet types; the wire form is the digit {@link #code()}. */
public enum PacketType {
  CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

  private static final PacketType[] BY_CODE = values();

  public char code() {
    return (char) ('0' + ordinal());
  }

  public boolean isBinary() {
    return this == BINARY_EVENT || this == BINARY_ACK;
  }

  /** The type for a wire digit, or null. */
  public static PacketType of(char code) {
    int index = code - '0';
    return index >= 0 && index < BY_CODE.length ? BY_CODE[index] : null;
  }
}
