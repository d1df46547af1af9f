package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/** Local sockets for adapter tests: records what the adapter writes and disconnects. */
final class RecordingSockets implements LocalSockets {

  record Write(String socketId, EncodedPacket packet, boolean isVolatile) {
  }

  final List<Write> writes = new ArrayList<>();
  final List<String> disconnected = new ArrayList<>();
  Function<String, Set<String>> rooms = id -> Set.of();
  final List<JsonArray> serverSideEvents = new ArrayList<>();
  BiConsumer<JsonArray, Consumer<JsonArray>> serverSide = (event, reply) -> { };

  @Override
  public void write(java.util.Collection<String> socketIds, EncodedPacket packet, boolean isVolatile) {
    socketIds.forEach(socketId -> writes.add(new Write(socketId, packet, isVolatile)));
  }

  /** Sockets that were asked for an ack, and how to answer for them. */
  final java.util.Map<String, Consumer<JsonArray>> pendingAcks = new java.util.LinkedHashMap<>();

  @Override
  public void writeWithAck(String socketId, EncodedPacket packet, long ackId, long timeoutMs, Consumer<JsonArray> onAck) {
    writes.add(new Write(socketId, packet, false));
    pendingAcks.put(socketId, onAck);
  }

  @Override
  public SocketDetails details(String socketId) {
    return new SocketDetails(socketId, rooms.apply(socketId), new JsonObject().put("name", socketId), new JsonObject());
  }

  @Override
  public void serverSideEvent(JsonArray event, Consumer<JsonArray> reply) {
    serverSideEvents.add(event);
    serverSide.accept(event, reply);
  }

  @Override
  public void disconnect(String socketId, boolean close) {
    disconnected.add(socketId + (close ? ":close" : ""));
  }

  List<String> recipients() {
    return writes.stream().map(Write::socketId).sorted().toList();
  }
}
