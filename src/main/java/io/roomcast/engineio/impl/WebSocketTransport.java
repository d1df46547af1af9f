package io.roomcast.engineio.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.roomcast.engineio.EnginePacket;
import io.roomcast.engineio.EngineParser;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * The client's WebSocket, on this node: one packet per frame; binary messages as binary frames
 * with the raw bytes.
 *
 * <p>Frames are encoded here and written straight to the connection's Netty pipeline, below
 * Vert.x's per-message write path (string copy, frame object, promise, queue hand-off): a
 * broadcast then costs each recipient one retained slice of a frame encoded once
 * ({@link SharedTextMessage}). Every data frame of the session goes this way, so they stay in
 * order; only the closing handshake goes through Vert.x, after them. Server frames carry no
 * extension bits, which stays valid if a client negotiated compression (RFC 7692 §6).
 */
final class WebSocketTransport extends FrameTransport {

  private final ServerWebSocket socket;
  private final ChannelHandlerContext pipeline;
  private final Channel channel;
  /** The client asked ({@code b64=1}) for binary as base64 text frames. */
  private final boolean base64;
  private boolean closed;

  WebSocketTransport(ServerWebSocket socket, boolean base64) {
    this.socket = socket;
    this.pipeline = ((WebSocketInternal) socket).channelHandlerContext();
    this.channel = pipeline.channel();
    this.base64 = base64;
  }

  @Override
  boolean writable() {
    return !closed;
  }

  @Override
  boolean ready() {
    return !closed && channel.isWritable();
  }

  @Override
  void send(EnginePacket packet) {
    if (packet.isBinary() && base64) {
      writeFrame(WebSocketFrames.text(channel.alloc(), EngineParser.encodeBase64(packet.binary())));
    } else if (packet.isBinary()) {
      writeFrame(WebSocketFrames.binary(channel.alloc(), packet.binary()));
    } else {
      writeFrame(WebSocketFrames.text(channel.alloc(), packet.type().code(), packet.text()));
    }
  }

  /** A message encoded once for many sessions. */
  void send(SharedTextMessage message) {
    writeFrame(message.retainedFrame());
  }

  @Override
  void sendText(String frame) {
    writeFrame(WebSocketFrames.text(channel.alloc(), frame));
  }

  /**
   * Writes and flushes. Normally on the connection's own event loop; a probe accepted on another
   * one is written through Netty's hand-off to that loop, which keeps the order.
   */
  private void writeFrame(ByteBuf frame) {
    if (closed) {
      frame.release();
      return;
    }
    pipeline.writeAndFlush(frame, channel.voidPromise());
  }

  @Override
  void closeTooBig() {
    if (!closed) {
      closed = true;
      socket.close((short) 1009, "message too big");
    }
  }

  @Override
  void closed() {
    closed = true;
  }

  @Override
  void close() {
    if (!closed) {
      closed = true;
      socket.close();
    }
  }
}
