package io.roomcast.engineio.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frames we encode ourselves, read back by Netty's client-side RFC 6455 decoder (which
 * refuses masked server frames, reserved bits and wrong lengths), at every length encoding:
 * 7-bit (up to 125), 16-bit (126 to 65535) and 64-bit.
 */
class WebSocketFramesTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 124, 125, 126, 127, 65534, 65535, 65536, 200_000})
  void textFramesWithAPrefixDecodeToTheSameText(int length) {
    String text = "é".repeat(length / 2) + "x".repeat(length % 2); // multi-byte UTF-8 too
    WebSocketFrame frame = decode(WebSocketFrames.text(ByteBufAllocator.DEFAULT, '4', text));
    assertInstanceOf(TextWebSocketFrame.class, frame);
    assertTrue(frame.isFinalFragment());
    assertEquals("4" + text, ((TextWebSocketFrame) frame).text());
    frame.release();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536})
  void textFramesDecodeToTheSameText(int length) {
    String text = "a".repeat(length);
    WebSocketFrame frame = decode(WebSocketFrames.text(ByteBufAllocator.DEFAULT, text));
    assertEquals(text, ((TextWebSocketFrame) frame).text());
    frame.release();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 100_000})
  void binaryFramesCarryTheBytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) i;
    }
    WebSocketFrame frame = decode(WebSocketFrames.binary(ByteBufAllocator.DEFAULT, Buffer.buffer(bytes)));
    assertInstanceOf(BinaryWebSocketFrame.class, frame);
    byte[] read = new byte[frame.content().readableBytes()];
    frame.content().readBytes(read);
    assertArrayEquals(bytes, read);
    frame.release();
  }

  @org.junit.jupiter.api.Test
  void aSharedFrameIsTheSameBytesForEveryWriteAndFreedAfterTheLast() {
    SharedTextMessage message = new SharedTextMessage("[\"new_message\",\"ü\"]");
    ByteBuf first = message.retainedFrame();
    ByteBuf second = message.retainedFrame();
    assertEquals(first, second);
    message.release();
    WebSocketFrame decoded = decode(first);
    assertEquals("4[\"new_message\",\"ü\"]", ((TextWebSocketFrame) decoded).text());
    decoded.release();
    assertEquals("4[\"new_message\",\"ü\"]", new String(payload(second), StandardCharsets.UTF_8));
    assertEquals(0, second.refCnt(), "the last write's release frees the frame");
  }

  private static WebSocketFrame decode(ByteBuf wire) {
    WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
      .expectMaskedFrames(false).allowMaskMismatch(false).maxFramePayloadLength(1 << 20).build();
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket08FrameDecoder(config));
    assertTrue(channel.writeInbound(wire));
    WebSocketFrame frame = channel.readInbound();
    Object rest = channel.readInbound();
    assertEquals(null, rest, "one frame, nothing left over");
    channel.finishAndReleaseAll();
    return frame;
  }

  /** The payload of a short unmasked frame, read without a decoder; releases the buffer. */
  private static byte[] payload(ByteBuf frame) {
    int length = frame.getByte(frame.readerIndex() + 1) & 0x7F;
    byte[] bytes = new byte[length];
    frame.getBytes(frame.readerIndex() + 2, bytes);
    frame.release();
    return bytes;
  }
}
