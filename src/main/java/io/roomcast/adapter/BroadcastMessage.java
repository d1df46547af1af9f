package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A broadcast as it travels between adapters: the encoded packet (encoded once, at the sender),
 * who it is for, and which adapter sent it. Immutable, so adapters in one process share the same
 * instance; between processes its {@link Codec} writes it as one compact frame.
 */
public record BroadcastMessage(String origin, EncodedPacket packet, BroadcastOptions options) {

  /** The event-bus codec of {@link BroadcastMessage}. */
  public static final class Codec implements MessageCodec<BroadcastMessage, BroadcastMessage> {

    public static final String NAME = "roomcast-broadcast";

    @Override
    public void encodeToWire(Buffer buffer, BroadcastMessage message) {
      writeString(buffer, message.origin());
      writeString(buffer, message.packet().text());
      List<Buffer> attachments = message.packet().attachments();
      buffer.appendInt(attachments.size());
      for (Buffer attachment : attachments) {
        buffer.appendInt(attachment.length()).appendBuffer(attachment);
      }
      writeStrings(buffer, message.options().rooms());
      writeStrings(buffer, message.options().except());
      buffer.appendByte((byte) ((message.options().local() ? 1 : 0) | (message.options().isVolatile() ? 2 : 0)));
    }

    @Override
    public BroadcastMessage decodeFromWire(int pos, Buffer buffer) {
      int[] at = {pos};
      String origin = readString(buffer, at);
      String text = readString(buffer, at);
      int count = buffer.getInt(at[0]);
      at[0] += 4;
      List<Buffer> attachments = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int length = buffer.getInt(at[0]);
        attachments.add(buffer.getBuffer(at[0] + 4, at[0] + 4 + length));
        at[0] += 4 + length;
      }
      Set<String> rooms = readStrings(buffer, at);
      Set<String> except = readStrings(buffer, at);
      byte flags = buffer.getByte(at[0]);
      return new BroadcastMessage(origin, new EncodedPacket(text, attachments),
        new BroadcastOptions(rooms, except, (flags & 1) != 0, (flags & 2) != 0));
    }

    @Override
    public BroadcastMessage transform(BroadcastMessage message) {
      return message;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }

    private static void writeString(Buffer buffer, String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    private static String readString(Buffer buffer, int[] at) {
      int length = buffer.getInt(at[0]);
      String value = buffer.getString(at[0] + 4, at[0] + 4 + length, "UTF-8");
      at[0] += 4 + length;
      return value;
    }

    private static void writeStrings(Buffer buffer, Set<String> values) {
      buffer.appendInt(values.size());
      values.forEach(value -> writeString(buffer, value));
    }

    private static Set<String> readStrings(Buffer buffer, int[] at) {
      int count = buffer.getInt(at[0]);
      at[0] += 4;
      Set<String> values = new HashSet<>();
      for (int i = 0; i < count; i++) {
        values.add(readString(buffer, at));
      }
      return values;
    }
  }
}
