package io.roomcast.socketio.protocol;

/** Input that is not a valid Socket.IO packet; the connection that sent it is closed. */
public final class MalformedPacketException extends Exception {

  public MalformedPacketException(String message) {
    super(message, null, false, false);
  }
}
