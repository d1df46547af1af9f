package io.roomcast.engineio;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 encoding. Over WebSocket a text frame is one packet ({@code "4hello"}) and a
 * binary frame is one binary message. Over HTTP long-polling a payload joins packets with the
 * record separator {@code \u001e}, binary messages written as {@code "b" + base64}.
 */
public final class EngineParser {

  /** Separates packets in a long-polling payload. */
  public static final char SEPARATOR = '\u001e';

  private EngineParser() {
  }

  /** A text frame or payload element that is not a valid Engine.IO packet. */
  public static final class ParseException extends Exception {
    public ParseException(String message) {
      super(message, null, false, false);
    }
  }

  /** Encodes a packet as a WebSocket text frame (binary messages go as binary frames instead). */
  public static String encodeText(EnginePacket packet) {
    if (packet.isBinary()) {
      throw new IllegalArgumentException("binary packets travel as binary frames");
    }
    return packet.text() == null ? String.valueOf(packet.type().code()) : packet.type().code() + packet.text();
  }

  /** Encodes packets as one long-polling payload. */
  public static String encodePayload(List<EnginePacket> packets) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < packets.size(); i++) {
      if (i > 0) {
        out.append(SEPARATOR);
      }
      EnginePacket packet = packets.get(i);
      if (packet.isBinary()) {
        out.append(encodeBase64(packet.binary()));
      } else {
        out.append(packet.type().code());
        if (packet.text() != null) {
          out.append(packet.text());
        }
      }
    }
    return out.toString();
  }

  /**
   * Decodes one WebSocket text frame. {@code "b" + base64} is a binary message, as clients that
   * cannot send binary frames (engine.io-client's {@code forceBase64}) write it.
   */
  public static EnginePacket decodeText(String frame) throws ParseException {
    if (!frame.isEmpty() && frame.charAt(0) == 'b') {
      return decodeBase64(frame);
    }
    return decodePacket(frame);
  }

  private static EnginePacket decodePacket(String frame) throws ParseException {
    if (frame.isEmpty()) {
      throw new ParseException("empty packet");
    }
    PacketType type = PacketType.of(frame.charAt(0));
    if (type == null) {
      throw new ParseException("unknown packet type '" + frame.charAt(0) + "'");
    }
    return new EnginePacket(type, frame.length() > 1 ? frame.substring(1) : null, null);
  }

  /** Decodes a long-polling payload into its packets. */
  public static List<EnginePacket> decodePayload(String payload) throws ParseException {
    List<EnginePacket> packets = new ArrayList<>(2);
    int start = 0;
    while (true) {
      int end = payload.indexOf(SEPARATOR, start);
      String element = end < 0 ? payload.substring(start) : payload.substring(start, end);
      packets.add(decodeElement(element));
      if (end < 0) {
        return packets;
      }
      start = end + 1;
    }
  }

  private static EnginePacket decodeElement(String element) throws ParseException {
    return decodeText(element);
  }

  private static EnginePacket decodeBase64(String element) throws ParseException {
    String base64 = element.substring(1);
    if (base64.indexOf('\n') >= 0 || base64.indexOf('\r') >= 0) {
      // The Java client (Android's Base64.DEFAULT) wraps lines every 76 characters.
      base64 = base64.replace("\r", "").replace("\n", "");
    }
    try {
      return EnginePacket.message(Buffer.buffer(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException e) {
      throw new ParseException("invalid base64 in binary packet");
    }
  }

  /** A binary message as a base64 text frame, for WebSocket clients that asked for {@code b64}. */
  public static String encodeBase64(Buffer binary) {
    return "b" + Base64.getEncoder().encodeToString(binary.getBytes());
  }
}
