package io.roomcast.socketio;

/**
 * The acknowledgement a client asked for with its event; call {@link #send} once. Calls after the
 * first, and calls when none was requested, do nothing.
 *
 * <pre>{@code
 * socket.on("enter_room", (args, ack) -> ack.send(new JsonObject().put("ok", true)));
 * }</pre>
 */
public interface Ack {

  /** An ack for an event that did not ask for one. */
  Ack NONE = new Ack() {
    @Override
    public void send(Object... args) {
    }

    @Override
    public boolean requested() {
      return false;
    }
  };

  /** Answers the client's callback with these arguments (JSON values or Buffers). */
  void send(Object... args);

  /** Whether the client asked for an acknowledgement. */
  boolean requested();
}
