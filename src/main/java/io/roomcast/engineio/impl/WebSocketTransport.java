package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EnginePacket;
import io.roomcast.engineio.EngineParser;
import io.vertx.core.http.ServerWebSocket;

import java.util.List;

/** WebSocket: one packet per frame; binary messages as binary frames with the raw bytes. */
final class WebSocketTransport extends Transport {

  private final ServerWebSocket socket;
  /** The client asked ({@code b64=1}) for binary as base64 text frames. */
  private final boolean base64;
  private boolean closed;

  WebSocketTransport(ServerWebSocket socket, boolean base64) {
    this.socket = socket;
    this.base64 = base64;
  }

  @Override
  String name() {
    return EngineOptions.WEBSOCKET;
  }

  @Override
  boolean writable() {
    return !closed;
  }

  @Override
  boolean ready() {
    return !closed && !socket.writeQueueFull();
  }

  @Override
  void write(List<EnginePacket> packets) {
    for (EnginePacket packet : packets) {
      send(packet);
    }
  }

  void send(EnginePacket packet) {
    if (packet.isBinary() && base64) {
      socket.writeTextMessage(EngineParser.encodeBase64(packet.binary()));
    } else if (packet.isBinary()) {
      socket.writeBinaryMessage(packet.binary());
    } else {
      socket.writeTextMessage(EngineParser.encodeText(packet));
    }
  }

  void sendText(String frame) {
    socket.writeTextMessage(frame);
  }

  /** Closes with 1009 (message too big). */
  void closeTooBig() {
    if (!closed) {
      closed = true;
      socket.close((short) 1009, "message too big");
    }
  }

  /** Marks the socket gone (the peer closed it). */
  void closed() {
    closed = true;
  }

  @Override
  void close() {
    if (!closed) {
      closed = true;
      socket.close();
    }
  }
}
