package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;

/**
 * The sockets of one namespace that live on this node, as an adapter reaches them. The namespace
 * implements it; the adapter calls it on the namespace's context.
 */
public interface LocalSockets {

  /**
   * Writes an already-encoded packet to local sockets (ids of sockets that are gone are skipped);
   * {@code isVolatile} allows dropping it where it cannot go out at once.
   */
  void write(java.util.Collection<String> socketIds, EncodedPacket packet, boolean isVolatile);

  /**
   * Writes a packet that carries ack id {@code ackId} and hands the socket's answer (its ack
   * arguments) to {@code onAck}, once, if it comes within {@code timeoutMs}.
   */
  void writeWithAck(String socketId, EncodedPacket packet, long ackId, long timeoutMs,
                    java.util.function.Consumer<io.vertx.core.json.JsonArray> onAck);

  /** The details of a local socket, or null if it is gone. */
  SocketDetails details(String socketId);

  /**
   * An event another server sent with {@code serverSideEmit}; {@code reply} answers it (once) when
   * the sender asked for an acknowledgement.
   */
  void serverSideEvent(io.vertx.core.json.JsonArray event, java.util.function.Consumer<io.vertx.core.json.JsonArray> reply);

  /** Disconnects a local socket (and its whole connection if {@code close}). */
  void disconnect(String socketId, boolean close);
}
