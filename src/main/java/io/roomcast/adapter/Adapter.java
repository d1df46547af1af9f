package io.roomcast.adapter;

import io.roomcast.socketio.protocol.EncodedPacket;
import io.vertx.core.Future;

import java.util.List;
import java.util.Set;

/**
 * Who is in which room, and how a broadcast reaches them: the seam between the Socket.IO server
 * and the topology. The server never asks whether it is clustered; it asks its adapter.
 * {@link LocalAdapter} serves one node; a cluster adapter extends the same contract across nodes.
 *
 * <p>One adapter per namespace per server instance; all calls happen on that namespace's context.
 */
public interface Adapter {

  /** Puts a local socket in rooms (its own id room included, by the caller). */
  void addAll(String socketId, Set<String> rooms);

  /** Takes a local socket out of a room. */
  void del(String socketId, String room);

  /** Takes a local socket out of every room (it disconnected). */
  void delAll(String socketId);

  /** The rooms of a local socket (empty if unknown). */
  Set<String> socketRooms(String socketId);

  /** Local socket ids in any of {@code rooms} (all local sockets when empty), minus {@code except}. */
  Set<String> sockets(BroadcastOptions options);

  /** The rooms that local sockets are in, with their local member counts. */
  java.util.Map<String, Integer> roomSizes();

  /** Delivers one encoded packet to every socket the options select. */
  void broadcast(EncodedPacket packet, BroadcastOptions options);

  /**
   * Delivers a packet that asks for an acknowledgement (ack id {@code ackId}) to every socket the
   * options select, on every server. Each server reports how many sockets it wrote to through
   * {@code clientCount}; each answer (the ack's arguments) arrives through {@code response}.
   */
  void broadcastWithAck(EncodedPacket packet, long ackId, BroadcastOptions options, long timeoutMs,
                        io.vertx.core.Handler<Integer> clientCount, io.vertx.core.Handler<io.vertx.core.json.JsonArray> response);

  /** How many servers a broadcast that is not {@code local} reaches, this one included. */
  int serverCount();

  /** The sockets the options select, with their details. */
  Future<List<SocketDetails>> fetchSockets(BroadcastOptions options);

  /** Makes the selected sockets join {@code rooms}. */
  void addSockets(BroadcastOptions options, Set<String> rooms);

  /** Makes the selected sockets leave {@code rooms}. */
  void delSockets(BroadcastOptions options, Set<String> rooms);

  /** Disconnects the selected sockets. */
  void disconnectSockets(BroadcastOptions options, boolean close);

  /** Sends an event ({@code [name, ...args]}) to the other servers' namespaces, not to clients. */
  void serverSideEmit(io.vertx.core.json.JsonArray event);

  /**
   * Like {@link #serverSideEmit}, and completes with one answer per other server that answered
   * within {@code timeout}; fails if some known server did not.
   */
  Future<List<Object>> serverSideEmitWithAck(io.vertx.core.json.JsonArray event, java.time.Duration timeout);

  /** Releases what the adapter holds (subscriptions, registrations). */
  Future<Void> close();

  /** Creates the adapter of one namespace. */
  @FunctionalInterface
  interface Factory {
    Adapter create(String namespace, LocalSockets sockets);
  }
}
