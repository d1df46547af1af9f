package io.roomcast.engineio.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Whole server-to-client WebSocket frames (RFC 6455 §5.2: FIN set, unmasked, no extension bits)
 * in one direct buffer, ready for the socket. Server frames are never masked, so the same bytes
 * serve every recipient: a broadcast encodes its frame once and writes it to each connection.
 */
final class WebSocketFrames {

  private static final int FIN = 0x80;
  private static final int OPCODE_TEXT = 0x1;
  private static final int OPCODE_BINARY = 0x2;

  private WebSocketFrames() {
  }

  /** A text frame carrying {@code prefix} followed by {@code text} (either may be absent), UTF-8. */
  static ByteBuf text(ByteBufAllocator alloc, char prefix, String text) {
    int length = 1 + (text == null ? 0 : ByteBufUtil.utf8Bytes(text));
    ByteBuf frame = alloc.directBuffer(headerLength(length) + length);
    writeHeader(frame, OPCODE_TEXT, length);
    frame.writeByte(prefix);
    if (text != null) {
      ByteBufUtil.writeUtf8(frame, text);
    }
    return frame;
  }

  /** A text frame carrying {@code text}, UTF-8. */
  static ByteBuf text(ByteBufAllocator alloc, String text) {
    int length = ByteBufUtil.utf8Bytes(text);
    ByteBuf frame = alloc.directBuffer(headerLength(length) + length);
    writeHeader(frame, OPCODE_TEXT, length);
    ByteBufUtil.writeUtf8(frame, text);
    return frame;
  }

  /** A binary frame carrying {@code data}. */
  static ByteBuf binary(ByteBufAllocator alloc, Buffer data) {
    int length = data.length();
    ByteBuf frame = alloc.directBuffer(headerLength(length) + length);
    writeHeader(frame, OPCODE_BINARY, length);
    ByteBuf bytes = ((BufferInternal) data).getByteBuf();
    frame.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
    return frame;
  }

  private static int headerLength(int payloadLength) {
    return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
  }

  private static void writeHeader(ByteBuf frame, int opcode, int payloadLength) {
    frame.writeByte(FIN | opcode);
    if (payloadLength < 126) {
      frame.writeByte(payloadLength);
    } else if (payloadLength <= 0xFFFF) {
      frame.writeByte(126);
      frame.writeShort(payloadLength);
    } else {
      frame.writeByte(127);
      frame.writeLong(payloadLength);
    }
  }
}
