package io.roomcast.socketio;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Set;

/**
 * One client connected to one namespace. Shaped like socket.io's server-side socket; all
 * handlers run on the connection's context, and methods must be called from it.
 *
 * <pre>{@code
 * server.of("/chat").onConnection(socket -> {
 *   socket.join("lobby");
 *   socket.on("message", (args, ack) -> {
 *     socket.to("lobby").emit("message", args.getValue(0));
 *     ack.send(new JsonObject().put("ok", true));
 *   });
 *   socket.onDisconnect(reason -> log.info(socket.id() + " left: " + reason));
 * });
 * }</pre>
 */
public interface Socket extends Emitter {

  /** This socket's id, which is also the name of its private room. */
  String id();

  Namespace namespace();

  Handshake handshake();

  /** Application state attached to the socket (reported by {@code fetchSockets()}). */
  JsonObject data();

  /** True until the socket disconnects. */
  boolean connected();

  /** The transport of the underlying connection: {@code polling} or {@code websocket}. */
  String transport();

  /** The rooms the socket is in, its own id room included. */
  Set<String> rooms();

  /** Handles one event; a later call for the same event adds another handler. */
  Socket on(String event, EventHandler handler);

  /** Sees every incoming event first. */
  Socket onAny(AnyEventHandler handler);

  /** Adds a middleware that every incoming event passes through. */
  Socket use(PacketMiddleware middleware);

  /** Called with the reason just before the socket leaves its rooms. */
  Socket onDisconnecting(Handler<String> handler);

  /** Called with the reason once the socket has disconnected. */
  Socket onDisconnect(Handler<String> handler);

  /** Receives errors from packet middleware. */
  Socket onError(Handler<Throwable> handler);

  /** An emitter whose acknowledgements fail after {@code timeout}. */
  Emitter timeout(Duration timeout);

  /** An emitter whose events may be dropped when the client cannot receive them right now. */
  Emitter asVolatile();

  void join(String... rooms);

  void leave(String room);

  /** Everyone in {@code rooms} but this socket. */
  BroadcastOperator to(String... rooms);

  /** Everyone in the namespace but this socket. */
  BroadcastOperator broadcast();

  /** Everyone in the namespace except this socket and the sockets in {@code rooms}. */
  BroadcastOperator except(String... rooms);

  /**
   * Disconnects from this namespace (the client gets DISCONNECT); with {@code close}, closes the
   * whole connection and every namespace on it.
   */
  void disconnect(boolean close);
}
