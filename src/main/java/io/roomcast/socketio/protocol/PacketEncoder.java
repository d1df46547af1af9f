package io.roomcast.socketio.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes packets in the Socket.IO v5 wire format: type digit, attachment count and {@code -} for
 * binary packets, the namespace and {@code ,} unless it is {@code /}, the ack id, then compact JSON.
 * Buffers anywhere in the data become {@code {"_placeholder":true,"num":i}} and travel as attachments;
 * an EVENT or ACK carrying binary is sent as BINARY_EVENT or BINARY_ACK.
 */
public final class PacketEncoder {

  private PacketEncoder() {
  }

  public static EncodedPacket encode(Packet packet) {
    List<Buffer> attachments = new ArrayList<>(0);
    Object data = packet.data() == null ? null : extractBinary(packet.data(), attachments);
    PacketType type = packet.type();
    if (!attachments.isEmpty()) {
      if (type == PacketType.EVENT) {
        type = PacketType.BINARY_EVENT;
      } else if (type == PacketType.ACK) {
        type = PacketType.BINARY_ACK;
      }
    }
    StringBuilder out = new StringBuilder(64);
    out.append(type.code());
    if (type.isBinary()) {
      out.append(attachments.size()).append('-');
    }
    if (packet.namespace() != null && !"/".equals(packet.namespace())) {
      out.append(packet.namespace()).append(',');
    }
    if (packet.hasId()) {
      out.append(packet.id());
    }
    if (data != null) {
      out.append(encodeJson(data));
    }
    return new EncodedPacket(out.toString(), attachments);
  }

  private static String encodeJson(Object data) {
    if (data instanceof JsonArray array) {
      return array.encode();
    }
    if (data instanceof JsonObject object) {
      return object.encode();
    }
    return Json.encode(data);
  }

  /** Copies {@code value} with every Buffer replaced by a placeholder; returns it unchanged if it has none. */
  private static Object extractBinary(Object value, List<Buffer> attachments) {
    if (value instanceof Buffer buffer) {
      JsonObject placeholder = new JsonObject().put("_placeholder", true).put("num", attachments.size());
      attachments.add(buffer);
      return placeholder;
    }
    if (value instanceof byte[] bytes) {
      return extractBinary(Buffer.buffer(bytes), attachments);
    }
    if (value instanceof List<?> list) {
      return extractBinary(new JsonArray(new ArrayList<>(list)), attachments);
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((k, v) -> object.put(String.valueOf(k), v));
      return extractBinary(object, attachments);
    }
    if (value instanceof JsonArray array) {
      if (!containsBinary(array)) {
        return array;
      }
      // Iterate the raw list: JsonArray's own iterator turns Buffers into base64 strings.
      List<Object> copy = new ArrayList<>(array.size());
      for (Object item : array.getList()) {
        copy.add(extractBinary(item, attachments));
      }
      return new JsonArray(copy);
    }
    if (value instanceof JsonObject object) {
      if (!containsBinary(object)) {
        return object;
      }
      Map<String, Object> copy = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : object.getMap().entrySet()) {
        copy.put(entry.getKey(), extractBinary(entry.getValue(), attachments));
      }
      return new JsonObject(copy);
    }
    return value;
  }

  /** True if a Buffer or byte[] sits anywhere inside {@code value}. */
  public static boolean containsBinary(Object value) {
    if (value instanceof Buffer || value instanceof byte[]) {
      return true;
    }
    // Loops, not streams: this runs on every emit, over every argument.
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (containsBinary(list.get(i))) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof Map<?, ?> map) {
      for (Object item : map.values()) {
        if (containsBinary(item)) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof JsonArray array) {
      return containsBinary(array.getList());
    }
    if (value instanceof JsonObject object) {
      return containsBinary(object.getMap());
    }
    return false;
  }
}
