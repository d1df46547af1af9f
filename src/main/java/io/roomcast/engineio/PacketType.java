package io.roomcast.engineio;

/** Engine.IO v4 packet types; the wire form is the digit {@link #code()}. */
public enum PacketType {
  OPEN('0'), CLOSE('1'), PING('2'), PONG('3'), MESSAGE('4'), UPGRADE('5'), NOOP('6');

  private static final PacketType[] BY_CODE = values();

  private final char code;

  PacketType(char code) {
    this.code = code;
  }

  public char code() {
    return code;
  }

  /** The type for a wire digit, or null for anything else. */
  public static PacketType of(char code) {
    int index = code - '0';
    return index >= 0 && index < BY_CODE.length ? BY_CODE[index] : null;
  }
}
