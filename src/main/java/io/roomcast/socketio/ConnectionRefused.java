package io.roomcast.socketio;

/** Refuses a connection from a {@link Middleware}, with data the client receives alongside the message. */
public class ConnectionRefused extends RuntimeException {

  private final transient Object data;

  public ConnectionRefused(String message, Object data) {
    super(message, null, false, false);
    this.data = data;
  }

  public ConnectionRefused(String message) {
    this(message, null);
  }

  /** JSON value sent to the client as {@code data}; null for none. */
  public Object data() {
    return data;
  }
}
