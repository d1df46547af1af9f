package io.roomcast.engineio;

import io.roomcast.engineio.impl.SharedTextMessage;

/**
 * A text message sent to many sessions, encoded for the wire once: every WebSocket session gets
 * the same frame bytes, long-polling sessions get the text. Use it on one context, then
 * {@link #release()} it; sessions that still write it keep what they need.
 *
 * <pre>{@code
 * SharedMessage message = SharedMessage.of(text);
 * try {
 *   sessions.forEach(session -> session.send(message));
 * } finally {
 *   message.release();
 * }
 * }</pre>
 */
public interface SharedMessage {

  static SharedMessage of(String text) {
    return new SharedTextMessage(text);
  }

  /** The message's text. */
  String text();

  /** Frees the encoded frame once the last write that uses it is done. */
  void release();
}
