package io.roomcast.engineio.impl;

import io.roomcast.engineio.FrameChannel;
import io.vertx.core.buffer.Buffer;

/**
 * The client's frames of one WebSocket, local or relayed, handed to the session on its thread,
 * in the order they arrive.
 */
final class SessionFrames implements FrameChannel {

  private final EngineSocketImpl session;
  private final FrameTransport transport;

  SessionFrames(EngineSocketImpl session, FrameTransport transport) {
    this.session = session;
    this.transport = transport;
  }

  @Override
  public void text(String frame) {
    session.execute(() -> session.onWebSocketText(transport, frame));
  }

  @Override
  public void binary(Buffer frame) {
    session.execute(() -> session.onWebSocketBinary(transport, frame));
  }

  @Override
  public void close(short code, String reason) {
    if (code == MESSAGE_TOO_BIG) {
      session.execute(() -> session.onWebSocketTooBig(transport));
    } else if (code == ABNORMAL_CLOSURE) {
      session.execute(() -> session.onWebSocketError(transport));
    } else {
      session.execute(() -> session.onWebSocketClosed(transport, reason));
    }
  }
}
