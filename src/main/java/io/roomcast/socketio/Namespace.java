package io.roomcast.socketio;

import io.roomcast.adapter.Adapter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;

import java.time.Duration;

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

  /**
   * Sends an event to this namespace on every other server (not to clients); they receive it with
   * {@link #onServerSideEmit}.
   */
  void serverSideEmit(String event, Object... args);

  /**
   * Like {@link #serverSideEmit}; completes with one answer per other server (the first argument
   * of its ack), or fails with a {@link java.util.concurrent.TimeoutException} naming how many
   * answered when some server did not within {@code timeout}.
   */
  Future<JsonArray> serverSideEmitWithAck(Duration timeout, String event, Object... args);

  /** Handles an event another server sent with {@code serverSideEmit}. */
  Namespace onServerSideEmit(String event, EventHandler handler);

  /** Sends to every socket of the namespace. */
  default void emit(String event, Object... args) {
    broadcast().emit(event, args);
  }
}
