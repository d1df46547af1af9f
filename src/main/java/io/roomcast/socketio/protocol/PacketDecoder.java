package io.roomcast.socketio.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Socket.IO v5 packets from one connection. A binary packet's text part announces how many
 * attachments follow as binary messages; {@link #decode(String)} then returns null and
 * {@link #decode(Buffer)} returns the completed packet after the last one. Not thread-safe: one
 * decoder per connection, used on its context.
 */
public final class PacketDecoder {

  /** Event names a client may not emit: they are the server API's own. */
  public static final Set<String> RESERVED_EVENTS =
    Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

  private final int maxAttachments;
  private Packet pending;
  private int expected;
  private List<Buffer> attachments;

  /** @param maxAttachments the most binary attachments one packet may announce */
  public PacketDecoder(int maxAttachments) {
    this.maxAttachments = maxAttachments;
  }

  /** Decodes a text message; null when the packet waits for binary attachments. */
  public Packet decode(String text) throws MalformedPacketException {
    if (pending != null) {
      throw error("text message while waiting for binary attachments");
    }
    if (text.isEmpty()) {
      throw error("empty packet");
    }
    PacketType type = PacketType.of(text.charAt(0));
    if (type == null) {
      throw error("unknown packet type");
    }
    int i = 1;
    int count = 0;
    if (type.isBinary()) {
      int dash = text.indexOf('-', i);
      if (dash < 0) {
        throw error("binary packet without attachment count");
      }
      count = parseCount(text.substring(i, dash));
      i = dash + 1;
    }
    String namespace = "/";
    if (i < text.length() && text.charAt(i) == '/') {
      int comma = text.indexOf(',', i);
      int end = comma < 0 ? text.length() : comma;
      namespace = text.substring(i, end);
      i = comma < 0 ? end : comma + 1;
    }
    long id = Packet.NO_ID;
    int idStart = i;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i > idStart) {
      if (i - idStart > 15) {
        throw error("ack id too long");
      }
      id = Long.parseLong(text.substring(idStart, i));
    }
    Object data = i < text.length() ? parseJson(text.substring(i)) : null;
    checkPayload(type, data, id);
    Packet packet = new Packet(type, namespace, data, id);
    if (type.isBinary()) {
      pending = packet;
      expected = count;
      attachments = new ArrayList<>(count);
      return null;
    }
    return packet;
  }

  /** Takes a binary message: an attachment of the pending binary packet. */
  public Packet decode(Buffer binary) throws MalformedPacketException {
    if (pending == null) {
      throw error("unexpected binary message");
    }
    attachments.add(binary);
    if (attachments.size() < expected) {
      return null;
    }
    Packet packet = pending;
    List<Buffer> parts = attachments;
    pending = null;
    attachments = null;
    Object data = fillPlaceholders(packet.data(), parts);
    return new Packet(packet.type() == PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK, packet.namespace(), data, packet.id());
  }

  /** Whether a binary packet still waits for attachments. */
  public boolean awaitingAttachments() {
    return pending != null;
  }

  private int parseCount(String digits) throws MalformedPacketException {
    if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(Character::isDigit)) {
      throw error("illegal attachment count");
    }
    int count = Integer.parseInt(digits);
    if (count < 1 || count > maxAttachments) {
      throw error("attachment count out of range");
    }
    return count;
  }

  private static Object parseJson(String json) throws MalformedPacketException {
    try {
      Object value = Json.decodeValue(json);
      if (value instanceof Map<?, ?> || value instanceof List<?>) {
        // Json.decodeValue returns plain collections only for nested values; keep the Vert.x types.
        return value instanceof Map<?, ?> map ? new JsonObject(castMap(map)) : new JsonArray((List<?>) value);
      }
      return value;
    } catch (DecodeException e) {
      throw error("invalid JSON payload");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static void checkPayload(PacketType type, Object data, long id) throws MalformedPacketException {
    boolean valid = switch (type) {
      case CONNECT -> data == null || data instanceof JsonObject;
      case DISCONNECT -> data == null;
      case CONNECT_ERROR -> data instanceof JsonObject || data instanceof String;
      case EVENT, BINARY_EVENT -> data instanceof JsonArray array && validEventName(array);
      case ACK, BINARY_ACK -> data instanceof JsonArray && id >= 0;
    };
    if (!valid) {
      throw error("invalid payload for " + type);
    }
  }

  private static boolean validEventName(JsonArray args) {
    if (args.isEmpty()) {
      return false;
    }
    Object name = args.getValue(0);
    return name instanceof Number || name instanceof String s && !RESERVED_EVENTS.contains(s);
  }

  private static Object fillPlaceholders(Object value, List<Buffer> parts) throws MalformedPacketException {
    if (value instanceof JsonObject object) {
      if (Boolean.TRUE.equals(object.getValue("_placeholder")) && object.getValue("num") instanceof Number num) {
        int index = num.intValue();
        if (index < 0 || index >= parts.size() || num.doubleValue() != index) {
          throw error("placeholder refers to no attachment");
        }
        return parts.get(index);
      }
      Map<String, Object> copy = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : object.getMap().entrySet()) {
        copy.put(entry.getKey(), fillPlaceholders(wrap(entry.getValue()), parts));
      }
      return new JsonObject(copy);
    }
    if (value instanceof JsonArray array) {
      // The raw list, not JsonArray's iterator, which would turn Buffers into base64 strings.
      List<Object> copy = new ArrayList<>(array.size());
      for (Object item : array.getList()) {
        copy.add(fillPlaceholders(wrap(item), parts));
      }
      return new JsonArray(copy);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Object wrap(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new JsonObject((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      return new JsonArray((List<Object>) list);
    }
    return value;
  }

  private static MalformedPacketException error(String message) {
    return new MalformedPacketException(message);
  }
}
