package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EnginePacket;
import io.roomcast.engineio.EngineParser;
import io.vertx.core.http.ServerWebSocket;

import java.util.List;

/** WebSocket: one packet per frame; binary messages as binary frames with the raw bytes. */
final class WebSocketTransport extends Transport {

  private final ServerWebSocket socket;
  private boolean closed;

  WebSocketTransport(ServerWebSocket socket) {
    this.socket = socket;
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
  void write(List<EnginePacket> packets) {
    for (EnginePacket packet : packets) {
      send(packet);
    }
  }

  void send(EnginePacket packet) {
    if (packet.isBinary()) {
      socket.writeBinaryMessage(packet.binary());
    } else {
      socket.writeTextMessage(EngineParser.encodeText(packet));
    }
  }

  void sendText(String frame) {
    socket.writeTextMessage(frame);
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
