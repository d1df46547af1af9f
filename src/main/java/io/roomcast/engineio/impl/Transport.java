package io.roomcast.engineio.impl;

import io.roomcast.engineio.EnginePacket;

import java.util.List;

/** How a session's packets reach the client: long-polling responses or WebSocket frames. */
abstract class Transport {

  abstract String name();

  /** Whether packets can be written now (polling: a GET is waiting). */
  abstract boolean writable();

  /** Whether a write now would go out without queueing (WebSocket: no back-pressure). */
  boolean ready() {
    return writable();
  }

  /** Writes the packets; only called when {@link #writable()}. */
  abstract void write(List<EnginePacket> packets);

  /** Releases the transport when its session ends or it is replaced. */
  abstract void close();
}
