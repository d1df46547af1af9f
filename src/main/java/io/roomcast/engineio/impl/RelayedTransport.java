package io.roomcast.engineio.impl;

import io.roomcast.engineio.EnginePacket;
import io.roomcast.engineio.EngineParser;
import io.roomcast.engineio.FrameChannel;

/**
 * A WebSocket that another node accepted for this session and relays: each packet goes out as one
 * message on the relay's channel to the client, in order. Its incoming frames reach the session
 * through a {@link SessionFrames}, as a local WebSocket's do.
 */
final class RelayedTransport extends FrameTransport {

  private final FrameChannel toClient;
  /** The client asked ({@code b64=1}) for binary as base64 text frames. */
  private final boolean base64;
  private boolean closed;

  RelayedTransport(FrameChannel toClient, boolean base64) {
    this.toClient = toClient;
    this.base64 = base64;
  }

  @Override
  boolean writable() {
    return !closed;
  }

  @Override
  void send(EnginePacket packet) {
    if (closed) {
      return;
    }
    if (packet.isBinary() && base64) {
      toClient.text(EngineParser.encodeBase64(packet.binary()));
    } else if (packet.isBinary()) {
      toClient.binary(packet.binary());
    } else {
      toClient.text(EngineParser.encodeText(packet));
    }
  }

  @Override
  void sendText(String frame) {
    if (!closed) {
      toClient.text(frame);
    }
  }

  @Override
  void closeTooBig() {
    end(FrameChannel.MESSAGE_TOO_BIG, "message too big");
  }

  @Override
  void closed() {
    closed = true;
  }

  @Override
  void close() {
    end(FrameChannel.NORMAL_CLOSURE, null);
  }

  private void end(short code, String reason) {
    if (!closed) {
      closed = true;
      toClient.close(code, reason);
    }
  }
}
