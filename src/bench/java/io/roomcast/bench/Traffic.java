package io.roomcast.bench;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * What counting connections ({@link SocketIoConnection#connect(io.vertx.core.http.WebSocketClient, int, Traffic)})
 * received, summed over all of them: every WebSocket data frame and its payload bytes, and among
 * them the {@code room_change} and {@code welcome} events, recognised by their first bytes and
 * never decoded. Safe to update from several event loops.
 */
public final class Traffic {

  /** What a received message is, from its first bytes. */
  enum Kind {
    /** {@code 42["room_change",...]}: counted, not decoded. */
    ROOM_CHANGE,
    /** {@code 42["welcome",...]}: counted, not decoded. */
    WELCOME,
    /** Any other {@code 42[...]} event: counted, not decoded. */
    OTHER_EVENT,
    /** Engine.IO open and ping, Socket.IO CONNECT answers and acks: decoded by the connection. */
    CONTROL
  }

  /**
   * The totals at one moment; payload bytes, without the WebSocket frame headers. {@code events}:
   * the {@code 42[...]} frames among them (not Engine.IO pings, opens, CONNECT answers, acks).
   */
  public record Counts(long frames, long bytes, long events, long roomChangeFrames, long roomChangeBytes,
                       long welcomeFrames, long welcomeBytes) {
  }

  private static final byte[] EVENT = bytes("42[");
  private static final byte[] ROOM_CHANGE = bytes("42[\"room_change\"");
  private static final byte[] WELCOME = bytes("42[\"welcome\"");

  private final LongAdder frames = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder events = new LongAdder();
  private final LongAdder roomChangeFrames = new LongAdder();
  private final LongAdder roomChangeBytes = new LongAdder();
  private final LongAdder welcomeFrames = new LongAdder();
  private final LongAdder welcomeBytes = new LongAdder();

  public Counts counts() {
    return new Counts(frames.sum(), bytes.sum(), events.sum(), roomChangeFrames.sum(), roomChangeBytes.sum(),
      welcomeFrames.sum(), welcomeBytes.sum());
  }

  static Kind classify(Buffer data) {
    if (startsWith(data, ROOM_CHANGE)) {
      return Kind.ROOM_CHANGE;
    }
    if (startsWith(data, WELCOME)) {
      return Kind.WELCOME;
    }
    return startsWith(data, EVENT) ? Kind.OTHER_EVENT : Kind.CONTROL;
  }

  /** One data frame of a message of {@code kind}; {@code first} is false for a continuation frame. */
  void count(Kind kind, int length, boolean first) {
    if (first) {
      frames.increment();
      if (kind != Kind.CONTROL) {
        events.increment();
      }
    }
    bytes.add(length);
    if (kind == Kind.ROOM_CHANGE) {
      if (first) {
        roomChangeFrames.increment();
      }
      roomChangeBytes.add(length);
    } else if (kind == Kind.WELCOME) {
      if (first) {
        welcomeFrames.increment();
      }
      welcomeBytes.add(length);
    }
  }

  private static boolean startsWith(Buffer data, byte[] prefix) {
    if (data.length() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data.getByte(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
