package io.roomcast.socketio;

/** The reasons a socket's {@code disconnecting}/{@code disconnect} handlers receive, as socket.io words them. */
public final class DisconnectReason {

  private DisconnectReason() {
  }

  /** The client sent DISCONNECT for this namespace. */
  public static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";
  /** The server called {@code socket.disconnect()}, with or without closing the connection. */
  public static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";
  /** The client broke the protocol's order (a second CONNECT, an event for a namespace it did not join). */
  public static final String FORCED_SERVER_CLOSE = "forced server close";
  /** The server closed the underlying Engine.IO session. */
  public static final String FORCED_CLOSE = "forced close";
  /** The connection was closed (browser tab gone, network lost). */
  public static final String TRANSPORT_CLOSE = "transport close";
  /** The connection failed. */
  public static final String TRANSPORT_ERROR = "transport error";
  /** The client stopped answering heartbeats. */
  public static final String PING_TIMEOUT = "ping timeout";
  /** The client sent something that is not a valid packet. */
  public static final String PARSE_ERROR = "parse error";
  /** The server is shutting down. */
  public static final String SERVER_SHUTTING_DOWN = "server shutting down";
}
