package io.roomcast.socketio.protocol;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * A packet in its wire form: the text part and, for binary packets, the attachments that follow
 * it as separate binary messages. Encode once, then write the same value to every recipient.
 */
public record EncodedPacket(String text, List<Buffer> attachments) {

  public EncodedPacket {
    attachments = List.copyOf(attachments);
  }

  public EncodedPacket(String text) {
    this(text, List.of());
  }
}
