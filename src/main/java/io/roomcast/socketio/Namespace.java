package io.roomcast.socketio;

import io.roomcast.adapter.Adapter;
import io.vertx.core.Handler;

import java.util.Map;

/**
 * A communication channel ({@code /}, {@code /chat}, ...) that clients connect to separately.
 *
 * <pre>{@code
 * Namespace chat = server.of("/chat");
 * chat.use(socket -> Future.succeededFuture());
 * chat.onConnection(socket -> chat.to("lobby").emit("joined", socket.id()));
 * }</pre>
 */
public interface Namespace {

  String name();

  /** Called for each socket that connected (after middleware accepted it). */
  Namespace onConnection(Handler<Socket> handler);

  /** Adds a connection middleware; they run in the order added. */
  Namespace use(Middleware middleware);

  /** The sockets connected to this namespace through this server instance, by id. */
  Map<String, Socket> sockets();

  Adapter adapter();

  /** A broadcast to every socket of the namespace; narrow it with {@code to}, {@code except}, ... */
  BroadcastOperator broadcast();

  default BroadcastOperator to(String... rooms) {
    return broadcast().to(rooms);
  }

  default BroadcastOperator except(String... rooms) {
    return broadcast().except(rooms);
  }

  /** Sends to every socket of the namespace. */
  default void emit(String event, Object... args) {
    broadcast().emit(event, args);
  }
}
