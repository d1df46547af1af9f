package io.roomcast.engineio;

import io.vertx.core.buffer.Buffer;

/**
 * One direction of a WebSocket's traffic: its messages in order, then at most one close. A relayed
 * WebSocket has two: the client's frames on their way to the session that owns it, and the
 * session's frames on their way back to the client (see {@link WebSocketRelay}).
 *
 * <pre>{@code
 * FrameChannel toSession = engine.acceptRelayed(new RelayedWebSocket(sid, false), toClient);
 * toSession.text("2probe");
 * toSession.close(FrameChannel.NORMAL_CLOSURE, "transport close");
 * }</pre>
 */
public interface FrameChannel {

  /** The WebSocket ended normally (RFC 6455 §7.4.1). */
  short NORMAL_CLOSURE = 1000;
  /** The other end went away: its node stopped or vanished. */
  short GOING_AWAY = 1001;
  /** The WebSocket broke without a closing handshake. */
  short ABNORMAL_CLOSURE = 1006;
  /** A message was larger than maxPayload. */
  short MESSAGE_TOO_BIG = 1009;

  /** A text message: one Engine.IO packet. */
  void text(String frame);

  /** A binary message. */
  void binary(Buffer frame);

  /**
   * The end. {@code code} says how: {@link #MESSAGE_TOO_BIG}, a message over maxPayload;
   * {@link #ABNORMAL_CLOSURE}, the socket failed; otherwise it was closed. Toward a session,
   * {@code reason} is the close reason it reports ({@code transport close}, {@code transport error}).
   * Nothing follows a close.
   */
  void close(short code, String reason);
}
