package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EnginePacket;

import java.util.List;

/**
 * A WebSocket as its session sees it, one packet per frame: the client's own connection here
 * ({@link WebSocketTransport}) or one that another node accepted and relays
 * ({@link RelayedTransport}). The upgrade and the session treat both alike.
 */
abstract class FrameTransport extends Transport {

  @Override
  final String name() {
    return EngineOptions.WEBSOCKET;
  }

  @Override
  void write(List<EnginePacket> packets) {
    for (int i = 0; i < packets.size(); i++) {
      send(packets.get(i));
    }
  }

  /** Sends one packet as one frame (binary: a binary frame, or base64 text if the client asked). */
  abstract void send(EnginePacket packet);

  /** Sends one text frame as it is. */
  abstract void sendText(String frame);

  /** Closes with 1009 (message too big). */
  abstract void closeTooBig();

  /** Marks the socket gone (the client closed it). */
  abstract void closed();
}
