package io.roomcast.engineio.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.roomcast.engineio.PacketType;
import io.roomcast.engineio.SharedMessage;

/**
 * The {@link SharedMessage} of a text: its WebSocket frame ({@code 4} + text) is made on the first
 * WebSocket write and shared (reference-counted) by every later one.
 */
public final class SharedTextMessage implements SharedMessage {

  private final String text;
  private ByteBuf frame;

  public SharedTextMessage(String text) {
    this.text = text;
  }

  @Override
  public String text() {
    return text;
  }

  /** The frame for one more write: the caller's write releases it. */
  ByteBuf retainedFrame() {
    if (frame == null) {
      frame = WebSocketFrames.text(ByteBufAllocator.DEFAULT, PacketType.MESSAGE.code(), text);
    }
    return frame.retainedDuplicate();
  }

  @Override
  public void release() {
    if (frame != null) {
      frame.release();
      frame = null;
    }
  }
}
