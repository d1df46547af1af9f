package io.roomcast.engineio;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The official Java client (io.socket:engine.io-client 2.1.0) writes a binary message in a
 * long-polling payload as Android-style base64: a line break every 76 characters and one at the
 * end. The reference server skips the line breaks, and so must we.
 */
class EngineParserWrappedBase64Test {

  @Test
  void binaryMessageWithLineBreaksInItsBase64AsTheJavaClientSendsIt() throws Exception {
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    // What the Java client puts on the wire for these bytes: 76-character lines, each ending in \n.
    String base64 = java.util.Base64.getEncoder().encodeToString(data);
    StringBuilder wrapped = new StringBuilder();
    for (int i = 0; i < base64.length(); i += 76) {
      wrapped.append(base64, i, Math.min(base64.length(), i + 76)).append('\n');
    }

    List<EnginePacket> packets = EngineParser.decodePayload("4hello" + EngineParser.SEPARATOR + "b" + wrapped);

    assertEquals(2, packets.size());
    assertEquals(Buffer.buffer(data), packets.get(1).binary());
  }

  @Test
  void evenAShortBinaryMessageEndsInALineBreak() throws Exception {
    // socket.io-client-java's 4-byte attachment {0xff, 0x00, 0x7f, 0x80} arrives as "b/wB/gA==\n".
    List<EnginePacket> packets = EngineParser.decodePayload("b/wB/gA==\n");
    assertEquals(Buffer.buffer(new byte[] {(byte) 0xff, 0x00, 0x7f, (byte) 0x80}), packets.get(0).binary());
  }
}
