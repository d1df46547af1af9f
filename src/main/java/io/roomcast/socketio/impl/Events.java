package io.roomcast.socketio.impl;

import io.roomcast.socketio.protocol.PacketDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;

/** Builds event argument arrays ({@code [name, ...args]}) for outgoing packets. */
public final class Events {

  private Events() {
  }

  /** {@code [event, ...args]}; byte arrays become Buffers. Reserved names are refused. */
  public static JsonArray arguments(String event, Object... args) {
    if (PacketDecoder.RESERVED_EVENTS.contains(event)) {
      throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
    }
    ArrayList<Object> list = new ArrayList<>(args.length + 1);
    list.add(event);
    for (Object arg : args) {
      list.add(arg instanceof byte[] bytes ? Buffer.buffer(bytes) : arg);
    }
    return new JsonArray(list);
  }

  /** Plain arguments (for acks): byte arrays become Buffers. */
  public static JsonArray values(Object... args) {
    ArrayList<Object> list = new ArrayList<>(args.length);
    for (Object arg : args) {
      list.add(arg instanceof byte[] bytes ? Buffer.buffer(bytes) : arg);
    }
    return new JsonArray(list);
  }
}
